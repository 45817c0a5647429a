// The extension's own server: when no safeguard-lsp is configured or found,
// the wheel bundled in the .vsix (server/*.whl) is installed with pip into a
// private virtual environment in the extension's global storage, created
// with the user's Python 3.11 or later. Pure logic (no `vscode` import), so
// that it runs under `node --test`; extension.ts runs the commands.
//
// The environment is marked complete by a stamp file written last, naming
// the extension version and the wheel: a missing or different stamp (an
// interrupted install, a new extension version) means build it again.

import * as path from 'path';

export const MIN_PYTHON: [number, number] = [3, 11];
export const STAMP = 'safeguard-extension.json';

export interface Stamp {
  extensionVersion: string;
  wheel: string;
}

export interface EnvLayout {
  /** The folder of the virtual environment. */
  folder: string;
  /** Its Python. */
  python: string;
  /** The safeguard-lsp program pip installs into it. */
  server: string;
  /** The stamp written once the install is complete. */
  stamp: string;
}

export function envLayout(storage: string, platform: string): EnvLayout {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const folder = p.join(storage, 'server-env');
  const bin = platform === 'win32' ? p.join(folder, 'Scripts') : p.join(folder, 'bin');
  const exe = platform === 'win32' ? '.exe' : '';
  return {
    folder,
    python: p.join(bin, `python${exe}`),
    server: p.join(bin, `safeguard-lsp${exe}`),
    stamp: p.join(folder, STAMP),
  };
}

/** The bundled wheel among the names in the extension's server/ folder. */
export function bundledWheel(names: string[]): string | undefined {
  return names.filter((n) => /^safeguard_lsp-[^-]+-.*\.whl$/.test(n)).sort().pop();
}

/** Whether the environment must be (re)built: no stamp, an unreadable one, or another version or wheel. */
export function needsInstall(stampText: string | undefined, wanted: Stamp): boolean {
  if (stampText === undefined) {
    return true;
  }
  try {
    const stamp = JSON.parse(stampText) as Partial<Stamp>;
    return stamp.extensionVersion !== wanted.extensionVersion || stamp.wheel !== wanted.wheel;
  } catch {
    return true;
  }
}

/**
 * The Pythons to try, in order: the setting safeguard.server.python, the
 * Python extension's interpreter, then the usual names on the PATH.
 */
export function pythonCandidates(configured: string, fromPythonExtension: string | undefined, platform: string): string[][] {
  const out: string[][] = [];
  if (configured.trim()) {
    return [[configured.trim()]];
  }
  if (fromPythonExtension) {
    out.push([fromPythonExtension]);
  }
  if (platform === 'win32') {
    out.push(['py', '-3'], ['python'], ['python3']);
  } else {
    out.push(['python3'], ['python']);
  }
  return out;
}

/** Prints "major minor executable"; run with each candidate to pick one. */
export const PROBE = 'import sys; print(sys.version_info[0], sys.version_info[1], sys.executable)';

export interface Probe {
  major: number;
  minor: number;
  executable: string;
}

export function parseProbe(stdout: string): Probe | undefined {
  const match = /^(\d+) (\d+) (.+)$/m.exec(stdout.trim());
  if (!match) {
    return undefined;
  }
  return { major: Number(match[1]), minor: Number(match[2]), executable: match[3].trim() };
}

export function recentEnough(probe: Probe): boolean {
  return probe.major > MIN_PYTHON[0] || (probe.major === MIN_PYTHON[0] && probe.minor >= MIN_PYTHON[1]);
}

/** What was found for each candidate, for the message when none will do. */
export interface Tried {
  command: string[];
  probe?: Probe;
}

export function noPythonMessage(tried: Tried[], platform: string): string {
  const seen = tried.map((t) => `${t.command.join(' ')}${t.probe ? ` (${t.probe.major}.${t.probe.minor})` : ' (not found)'}`);
  const how = platform === 'win32'
    ? 'from python.org or the Microsoft Store'
    : platform === 'darwin'
      ? 'from python.org or Homebrew (brew install python@3.12)'
      : 'from your system\'s packages (e.g. apt install python3 python3-venv) or python.org';
  return `Safeguard sets up its own server with Python ${MIN_PYTHON.join('.')} or later, and found none: tried ${seen.join(', ')}. `
    + `Install Python ${MIN_PYTHON.join('.')} or later ${how}, then run "Safeguard: Restart server"; `
    + 'or set safeguard.server.python to such a Python, or safeguard.server.path to an installed safeguard-lsp.';
}

/** The command lines that build the environment, in order. */
export function installSteps(python: string, layout: EnvLayout, wheel: string): { title: string; command: string; args: string[] }[] {
  return [
    { title: 'Creating a Python environment for the server', command: python, args: ['-m', 'venv', layout.folder] },
    {
      title: 'Installing the server and its dependencies with pip',
      command: layout.python,
      args: ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', wheel],
    },
  ];
}
