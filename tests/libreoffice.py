"""LibreOffice headless doing what a drafter does with the menus: open a
Word file, accept or reject all tracked changes, save it as Word or text.

A Basic macro in a throw-away profile does it, inside LibreOffice. The
Python bridge (a script talking to ``soffice --accept=...``) cannot: through
it LibreOffice 7.4 aborts loading any document with comments, its own .odt
included, so the abort says nothing about our files. Where it comes from
shows in the macro's runs: Debian's "-nogui" packages (what CI installs)
have no dialog layouts (.ui files), and the window LibreOffice builds for a
comment shown in the margin is made from one. The macro turns the comments'
display off as soon as the document is open, before those windows are
built; the comments themselves are read, kept and saved. Now and then one
is built all the same and LibreOffice aborts the same way: that run is tried
again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

# what: "Accept", "Reject" or "" (leave the changes); target: a file URL,
# saved in the format its extension names. One document saved once per
# LibreOffice: a second save of a document with comments, in the same run,
# aborts this LibreOffice. A failure is written to "<target>.error", and
# LibreOffice always ends, so that a test never waits on a dialog nobody sees.
_MACRO = """
Sub SaveAs(source As String, what As String, target As String)
  On Error GoTo Failed
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden" : load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(source, "_blank", 0, load())
  doc.CurrentController.ViewSettings.ShowAnnotations = False
  If what <> "" Then
    helper = createUnoService("com.sun.star.frame.DispatchHelper")
    helper.executeDispatch(doc.CurrentController.Frame, ".uno:" & what & "AllTrackedChanges", "", 0, Array())
  End If
  Dim save(2) As New com.sun.star.beans.PropertyValue
  save(0).Name = "Overwrite" : save(0).Value = True
  save(1).Name = "FilterName"
  save(2).Name = "FilterOptions" : save(2).Value = ""
  If LCase(Right(target, 5)) = ".docx" Then
    save(1).Value = "MS Word 2007 XML"
  Else
    save(1).Value = "Text (encoded)" : save(2).Value = "UTF8"
  End If
  doc.storeToURL(target, save())
  doc.close(True)
  StarDesktop.terminate()
  Exit Sub
Failed:
  Dim file As Integer
  file = FreeFile
  Open ConvertFromURL(target) & ".error" For Output As #file
  Print #file, "LibreOffice macro failed: " & Error$ & " (Basic line " & Erl & ")"
  Close #file
  StarDesktop.terminate()
End Sub
"""

_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">{}</script:module>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOffice:
    """A LibreOffice with a profile of its own under ``folder`` (tests that
    run at once never share one), the macro above in its Standard library."""

    def __init__(self, folder: Path):
        self.profile = folder / "lo-macro-profile"
        # A first start creates the profile; the module written before it
        # would be replaced by the default one.
        self._run("--terminate_after_init")
        module = self.profile / "user" / "basic" / "Standard" / "Module1.xba"
        module.write_text(_MODULE.format(escape(_MACRO, {'"': "&quot;"})), encoding="utf-8")

    def _run(self, *args: str, attempts: int = 3) -> None:
        for attempt in range(attempts):
            # An aborted LibreOffice keeps its lock on the file it had open,
            # and a locked file does not open.
            for lock in self.profile.parent.glob(".~lock.*#"):
                lock.unlink()
            status, err = self._run_once(*args)
            # The abort of the missing dialog layout (see above), and only it, is tried again.
            if status == 0 or "CreateInterimBuilder" not in err:
                break
        if status != 0:
            raise AssertionError(f"LibreOffice ended with status {status}: {' '.join(args)}\n{err}")

    def _run_once(self, *args: str) -> tuple[int, str]:
        # A session of its own: on a timeout, LibreOffice's launcher and the
        # office it started end together.
        proc = subprocess.Popen([soffice(), f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                                 "--norestore", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError(f"LibreOffice did not finish in 180 s: {' '.join(args)}") from None
        return proc.returncode, err.decode(errors="replace")

    def save_as(self, source: Path, target: Path, changes: str = "") -> Path:
        """``source`` opened, all its tracked changes accepted (``changes="Accept"``)
        or rejected (``"Reject"``) or left, and saved as ``target``: Word
        (.docx) or text (.txt: what LibreOffice shows, list numbers included)."""
        target.unlink(missing_ok=True)
        error = Path(str(target) + ".error")
        error.unlink(missing_ok=True)
        # Opened from a copy, so that LibreOffice's lock file is never put beside the test's files.
        opened = self.profile.parent / f"lo-opened{source.suffix}"
        shutil.copyfile(source, opened)
        self._run(f'macro:///Standard.Module1.SaveAs("{opened.resolve().as_uri()}","{changes}",'
                  f'"{target.resolve().as_uri()}")')
        if error.exists():
            raise AssertionError(f"{source}: {error.read_text(encoding='utf-8').strip()}")
        assert target.exists(), f"LibreOffice did not write {target}"
        return target
