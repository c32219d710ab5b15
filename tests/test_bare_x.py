"""Fullscreen on a bare X server (no window manager: a kiosk, a Raspberry Pi without a desktop) fills the screen.

A real X server (Xvfb) with no window manager: F11's fullscreen left the X window at its windowed size
(1728x918) while SDL drew a 1920x1080 frame into it, cutting the title row off. The window's geometry is read
back from the X server itself (xwininfo), not from SDL."""
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("xwininfo") is None,
                                reason="Xvfb and xwininfo (x11-utils) are installed by .ci/run")

SCRIPT = textwrap.dedent("""
    import subprocess, sys
    import pygame
    from poise.game.engine.display import Display

    def x_geometry():
        out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
        line = next(l for l in out.splitlines() if '"Poise"' in l)
        size, _, place = line.split()[-2].partition("+")
        return size, place

    pygame.display.init()
    d = Display(None, False, vsync=False)
    for _ in range(10):
        pygame.event.pump()
    print("windowed", *x_geometry(), *d.canvas.get_size())
    d.toggle_fullscreen()
    for _ in range(20):
        for e in pygame.event.get():
            d.handle(e)
    print("fullscreen", *x_geometry(), *d.dest.size)
    d.toggle_fullscreen()
    for _ in range(20):
        for e in pygame.event.get():
            d.handle(e)
    print("back", *x_geometry(), *d.dest.size)
""")


def test_fullscreen_without_a_window_manager_fills_the_screen_and_comes_back(tmp_path):
    display = f":{90 + os.getpid() % 100}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy")
        out = None
        for _ in range(50):  # the server takes a moment to accept clients
            run = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
            if run.returncode == 0:
                out = run.stdout
                break
            if "unable to open display" not in (run.stderr + run.stdout).lower() and "x11" not in run.stderr:
                pytest.fail(run.stderr[-2000:])
        assert out is not None, "Xvfb never accepted the window"
        rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.split()}
        windowed, full, back = rows["windowed"], rows["fullscreen"], rows["back"]
        assert full[0] == "1920x1080" and full[1] == "0+0"  # the X window itself covers the screen
        assert full[2:] == ["1920", "1080"]  # and the frame is drawn to its size, nothing cut
        assert back[0] == windowed[0] and back[1] == windowed[1]  # and back where it was
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)
