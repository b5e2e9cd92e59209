/*
 * wm.c — whether a window manager runs, for a fullscreen window.
 *
 * SDL makes an X11 window fullscreen by asking the window manager
 * (_NET_WM_STATE_FULLSCREEN) and then waits up to 100 ms for the answer.
 * A kiosk started by xinit has no window manager: nobody answers, every
 * start pays the 100 ms, and a borderless window exactly over the screen is
 * already all a fullscreen window would be. Under a compositor (cage and its
 * Xwayland, which has its own X window manager) or any EWMH window manager,
 * fullscreen is asked for as before.
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui-private.h"

/* The EWMH check: the root's _NET_SUPPORTING_WM_CHECK names a window that
 * names itself the same way (a stale property of a window manager that
 * has exited names a window that is gone). */
static Window check_window(Display *d, Window w, Atom check)
{
	Atom type;
	int format;
	unsigned long n = 0, left = 0;
	unsigned char *data = NULL;
	Window found = None;
	if (XGetWindowProperty(d, w, check, 0, 1, False, XA_WINDOW, &type, &format, &n, &left,
	                       &data) == Success &&
	    type == XA_WINDOW && format == 32 && n == 1 && data)
		found = *(Window *)data;
	if (data)
		XFree(data);
	return found;
}

static int ignore_error(Display *d, XErrorEvent *e)
{
	(void)d;
	(void)e;
	return 0;
}

bool kio_ui_window_manager(void)
{
	const char *driver = SDL_GetCurrentVideoDriver();
	if (!driver || strcmp(driver, "x11") != 0 || getenv("WAYLAND_DISPLAY"))
		return true; /* not plain X: the compositor places windows */
	Display *d = XOpenDisplay(NULL);
	if (!d)
		return true; /* cannot tell: ask for fullscreen as always */
	/* A window named by a stale property may be gone: BadWindow then. */
	int (*old)(Display *, XErrorEvent *) = XSetErrorHandler(ignore_error);
	bool wm = false;
	Atom check = XInternAtom(d, "_NET_SUPPORTING_WM_CHECK", True);
	if (check != None) {
		Window w = check_window(d, DefaultRootWindow(d), check);
		wm = w != None && check_window(d, w, check) == w;
	}
	XSync(d, False);
	XSetErrorHandler(old);
	XCloseDisplay(d);
	return wm;
}
