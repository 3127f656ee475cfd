/*
 * xdnd_drop drags one file onto the window under a point of an X display,
 * the way a file manager does: it speaks the source side of the XDND
 * protocol (version 5) and serves the file as text/uri-list. The Xvfb test
 * of PrintDrop uses it so a real drop travels X11 -> GLFW -> Fyne -> the
 * window's drop handler.
 *
 * Usage: xdnd_drop FILE X Y   (DISPLAY from the environment)
 * Exit status 0 once the target sent XdndFinished with the drop accepted.
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Display *dpy;
static Atom aAware, aEnter, aPosition, aStatus, aDrop, aFinished, aSelection, aCopy, aURIList;

static int xdndAware(Window w) {
	Atom type;
	int format;
	unsigned long n, left;
	unsigned char *data = NULL;
	int ok = XGetWindowProperty(dpy, w, aAware, 0, 1, False, AnyPropertyType, &type, &format, &n, &left, &data) == Success && n > 0;
	if (data) XFree(data);
	return ok;
}

/* target finds the XDND-aware window under (x, y), from the root down. */
static Window target(Window root, int x, int y) {
	Window w = root, child;
	int cx, cy;
	while (XTranslateCoordinates(dpy, root, w, x, y, &cx, &cy, &child) && child != None) {
		w = child;
		if (xdndAware(w)) return w;
	}
	return None;
}

static void send(Window to, Atom type, long l0, long l1, long l2, long l3, long l4) {
	XEvent e;
	memset(&e, 0, sizeof e);
	e.xclient.type = ClientMessage;
	e.xclient.display = dpy;
	e.xclient.window = to;
	e.xclient.message_type = type;
	e.xclient.format = 32;
	e.xclient.data.l[0] = l0;
	e.xclient.data.l[1] = l1;
	e.xclient.data.l[2] = l2;
	e.xclient.data.l[3] = l3;
	e.xclient.data.l[4] = l4;
	XSendEvent(dpy, to, False, NoEventMask, &e);
	XFlush(dpy);
}

int main(int argc, char **argv) {
	if (argc != 4) {
		fprintf(stderr, "usage: xdnd_drop FILE X Y\n");
		return 2;
	}
	const char *path = argv[1];
	int x = atoi(argv[2]), y = atoi(argv[3]);
	if (!(dpy = XOpenDisplay(NULL))) {
		fprintf(stderr, "xdnd_drop: cannot open the display\n");
		return 1;
	}
	alarm(20); /* never hang a test */
	aAware = XInternAtom(dpy, "XdndAware", False);
	aEnter = XInternAtom(dpy, "XdndEnter", False);
	aPosition = XInternAtom(dpy, "XdndPosition", False);
	aStatus = XInternAtom(dpy, "XdndStatus", False);
	aDrop = XInternAtom(dpy, "XdndDrop", False);
	aFinished = XInternAtom(dpy, "XdndFinished", False);
	aSelection = XInternAtom(dpy, "XdndSelection", False);
	aCopy = XInternAtom(dpy, "XdndActionCopy", False);
	aURIList = XInternAtom(dpy, "text/uri-list", False);

	Window root = DefaultRootWindow(dpy);
	Window dst = target(root, x, y);
	if (dst == None) {
		fprintf(stderr, "xdnd_drop: no XDND-aware window at %d,%d\n", x, y);
		return 1;
	}
	Window src = XCreateSimpleWindow(dpy, root, 0, 0, 1, 1, 0, 0, 0);
	XSetSelectionOwner(dpy, aSelection, src, CurrentTime);

	char uri[8192];
	snprintf(uri, sizeof uri, "file://%s\r\n", path);

	send(dst, aEnter, (long)src, 5L << 24, (long)aURIList, None, None);
	send(dst, aPosition, (long)src, 0, ((long)x << 16) | y, CurrentTime, (long)aCopy);
	for (;;) {
		XEvent e;
		XNextEvent(dpy, &e);
		if (e.type == ClientMessage && e.xclient.message_type == aStatus) {
			if (!(e.xclient.data.l[1] & 1)) {
				fprintf(stderr, "xdnd_drop: the window refused the drop\n");
				send(dst, XInternAtom(dpy, "XdndLeave", False), (long)src, 0, 0, 0, 0);
				return 1;
			}
			send(dst, aDrop, (long)src, 0, CurrentTime, 0, 0);
		} else if (e.type == SelectionRequest) {
			XSelectionRequestEvent *r = &e.xselectionrequest;
			XEvent reply;
			memset(&reply, 0, sizeof reply);
			reply.xselection.type = SelectionNotify;
			reply.xselection.display = dpy;
			reply.xselection.requestor = r->requestor;
			reply.xselection.selection = r->selection;
			reply.xselection.target = r->target;
			reply.xselection.time = r->time;
			reply.xselection.property = None;
			if (r->target == aURIList) {
				XChangeProperty(dpy, r->requestor, r->property, aURIList, 8, PropModeReplace,
				                (unsigned char *)uri, (int)strlen(uri));
				reply.xselection.property = r->property;
			}
			XSendEvent(dpy, r->requestor, False, NoEventMask, &reply);
			XFlush(dpy);
		} else if (e.type == ClientMessage && e.xclient.message_type == aFinished) {
			/* XDND says bit 0; GLFW sends the byte count it read, so any
			 * non-zero value means the data arrived. */
			int accepted = e.xclient.data.l[1] != 0;
			XCloseDisplay(dpy);
			if (!accepted) {
				fprintf(stderr, "xdnd_drop: the window finished without accepting the drop\n");
				return 1;
			}
			return 0;
		}
	}
}
