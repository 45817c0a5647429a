// Finding the safeguard-lsp server. Pure logic (no `vscode` import), so that
// it runs under `node --test`; extension.ts supplies the environment.
//
// Order: the setting safeguard.server.path, else safeguard-lsp on the PATH,
// else `python -m safeguard_lsp` with the Python extension's interpreter;
// when none of these is there, extension.ts sets up the bundled server
// (provision.ts).

import * as path from 'path';

export interface DiscoveryEnv {
  /** The value of safeguard.server.path ('' when not set). */
  configuredPath: string;
  /** process.env.PATH (and PATHEXT on Windows). */
  pathEnv: string | undefined;
  pathExt?: string;
  platform: string;
  /** The first workspace folder, for relative paths and ${workspaceFolder}. */
  workspaceFolder?: string;
  home?: string;
  /** The Python extension's interpreter, as a command line (usually one element). */
  pythonCommand?: string[];
  isFile(file: string): boolean;
}

export interface ServerCommand {
  /** The program to run. */
  command: string;
  /** Arguments before the subcommand (`-m safeguard_lsp` for Python). */
  prefix: string[];
  /** Where it came from, for messages. */
  source: 'setting' | 'path' | 'python' | 'bundled';
}

export interface DiscoveryError {
  error: string;
}

export const SERVER_NAME = 'safeguard-lsp';
export const SETTING = 'safeguard.server.path';

function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Expands ~, ${userHome} and ${workspaceFolder}; a relative path is read from the workspace folder. */
export function expandPath(value: string, env: DiscoveryEnv): string {
  const p = pathApi(env.platform);
  let out = value.trim();
  if (env.home) {
    out = out.replace(/\$\{userHome\}/g, env.home);
    if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
      out = env.home + out.slice(1);
    }
  }
  if (env.workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, env.workspaceFolder);
    if (!p.isAbsolute(out)) {
      out = p.join(env.workspaceFolder, out);
    }
  }
  return p.normalize(out);
}

/** The full path of `name` in the PATH folders, or undefined. */
export function findOnPath(name: string, env: DiscoveryEnv): string | undefined {
  if (!env.pathEnv) {
    return undefined;
  }
  const p = pathApi(env.platform);
  const windows = env.platform === 'win32';
  const separator = windows ? ';' : ':';
  const suffixes = windows ? ['', ...(env.pathExt || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  for (const folder of env.pathEnv.split(separator)) {
    if (!folder) {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = p.join(folder.replace(/^"(.*)"$/, '$1'), name + suffix);
      if (env.isFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export function discoverServer(env: DiscoveryEnv): ServerCommand | DiscoveryError {
  if (env.configuredPath.trim()) {
    const file = expandPath(env.configuredPath, env);
    if (!env.isFile(file)) {
      return { error: `The setting ${SETTING} is "${env.configuredPath}", but there is no program at ${file}. Correct the setting, or clear it to use ${SERVER_NAME} from the PATH.` };
    }
    return { command: file, prefix: [], source: 'setting' };
  }
  const onPath = findOnPath(SERVER_NAME, env);
  if (onPath) {
    return { command: onPath, prefix: [], source: 'path' };
  }
  if (env.pythonCommand && env.pythonCommand.length > 0 && env.pythonCommand[0]) {
    const [command, ...rest] = env.pythonCommand;
    return { command, prefix: [...rest, '-m', 'safeguard_lsp'], source: 'python' };
  }
  return {
    error: `${SERVER_NAME} was not found: it is not on the PATH, and no Python interpreter is selected in the Python extension. Install safeguard-lsp (see its README), or set ${SETTING} to the safeguard-lsp program.`,
  };
}

export function isError(found: ServerCommand | DiscoveryError): found is DiscoveryError {
  return (found as DiscoveryError).error !== undefined;
}

/** The arguments that start the language server (over standard input and output). */
export function serveArgs(server: ServerCommand): string[] {
  return [...server.prefix, 'serve'];
}

/** The arguments that write the rule reference (Markdown) to `output`. */
export function ruleDocsArgs(server: ServerCommand, output: string, rulePaths: string[] = []): string[] {
  const args = [...server.prefix, 'rules', 'docs', '--output', output];
  for (const folder of rulePaths) {
    args.push('--rules', folder);
  }
  return args;
}

/** A one-line description of the server found, for the output channel. */
export function describe(server: ServerCommand): string {
  const how = {
    setting: `from the setting ${SETTING}`,
    path: 'from the PATH',
    python: "with the Python extension's interpreter",
    bundled: "the server bundled with the extension, in the extension's own environment",
  }[server.source];
  return `${[server.command, ...serveArgs(server)].join(' ')} (${how})`;
}
