# Prints one page to a CUPS queue with a GTK 3 PrintOperation, as a GTK
# application's Print button does once the dialog is answered: no dialog,
# the settings given here. Run under an X server (Xvfb) with CUPS_SERVER
# naming the CUPS to use.
#
#   gtkprint.py QUEUE TITLE COPIES DUPLEX   (DUPLEX: simplex, horizontal, vertical)
import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import GLib, Gtk  # noqa: E402

queue, title, copies, duplex = sys.argv[1:5]

settings = Gtk.PrintSettings()
settings.set_printer(queue)
settings.set_n_copies(int(copies))
settings.set_duplex({"simplex": Gtk.PrintDuplex.SIMPLEX,
                     "horizontal": Gtk.PrintDuplex.HORIZONTAL,
                     "vertical": Gtk.PrintDuplex.VERTICAL}[duplex])
# GTK's CUPS backend sends the PPD options it finds among the settings as
# "cups-NAME"; its print dialog writes this one from the duplex choice
# (horizontal is DuplexNoTumble, vertical DuplexTumble), and applications
# keep it with their saved print settings.
settings.set("cups-Duplex", {"simplex": "None", "horizontal": "DuplexNoTumble",
                             "vertical": "DuplexTumble"}[duplex])

op = Gtk.PrintOperation()
op.set_job_name(title)
op.set_n_pages(1)
op.set_print_settings(settings)
op.set_show_progress(False)


def draw_page(operation, context, page):
    cr = context.get_cairo_context()
    cr.set_source_rgb(0, 0, 0)
    cr.select_font_face("Sans")
    cr.set_font_size(24)
    cr.move_to(72, 72)
    cr.show_text(title)


op.connect("draw-page", draw_page)
try:
    result = op.run(Gtk.PrintOperationAction.PRINT, None)
except GLib.Error as e:
    print("print failed:", e.message, file=sys.stderr)
    sys.exit(1)
if result != Gtk.PrintOperationResult.APPLY:
    print("print operation ended with", result.value_nick, file=sys.stderr)
    sys.exit(1)
print("sent", title, "to", queue)
