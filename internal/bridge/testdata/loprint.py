# Prints a document from LibreOffice through its UNO API, as its Print
# dialog does once answered: the printer and the number of copies chosen.
# Starts its own headless soffice with a private profile.
#
#   loprint.py PROFILE_DIR DOCUMENT QUEUE COPIES
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

profile, document, queue, copies = sys.argv[1:5]
pipe = "printdrop%d" % os.getpid()


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                           "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                           "--accept=pipe,name=%s;urp;" % pipe])
try:
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    for _ in range(120):  # soffice takes a few seconds to listen
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.5)
    else:
        sys.exit("soffice did not answer on its pipe")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(document), "_blank", 0, (prop("Hidden", True),))
    doc.setPrinter((prop("Name", queue),))
    doc.print((prop("CopyCount", int(copies)), prop("Wait", True)))
    doc.close(True)
    print("sent", os.path.basename(document), "to", queue)
    try:
        desktop.terminate()
    except Exception:
        pass  # the bridge to soffice ends as it quits
finally:
    try:
        office.wait(timeout=30)
    except subprocess.TimeoutExpired:
        office.kill()
