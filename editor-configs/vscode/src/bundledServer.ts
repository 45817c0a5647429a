// Sets up the server bundled in the .vsix (server/*.whl) in a private virtual
// environment in the extension's global storage, with a progress
// notification, and reuses it on later starts. The decisions are in
// provision.ts; this file runs them.

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

import { DiscoveryError, ServerCommand } from './discovery';
import {
  bundledWheel, envLayout, installSteps, needsInstall, noPythonMessage, parseProbe, PROBE, pythonCandidates, recentEnough, Stamp, Tried,
} from './provision';

interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  error?: string;
}

function run(command: string, args: string[], timeout: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) =>
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr), error: error ? error.message : undefined }));
  });
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first candidate Python that is 3.11 or later, or the message saying what to install. */
async function choosePython(candidates: string[][], output: vscode.OutputChannel): Promise<string | DiscoveryError> {
  const tried: Tried[] = [];
  for (const command of candidates) {
    const result = await run(command[0], [...command.slice(1), '-c', PROBE], 20000);
    const probe = result.ok ? parseProbe(result.stdout) : undefined;
    tried.push({ command, probe });
    if (probe && recentEnough(probe)) {
      output.appendLine(`Using Python ${probe.major}.${probe.minor} at ${probe.executable} for the server's environment.`);
      return probe.executable;
    }
  }
  return { error: noPythonMessage(tried, process.platform) };
}

// One set-up at a time: a restart during the install waits for it.
let pending: Promise<ServerCommand | DiscoveryError> | undefined;

export function bundledServer(context: vscode.ExtensionContext, output: vscode.OutputChannel,
  pythonFromExtension: string | undefined): Promise<ServerCommand | DiscoveryError> {
  if (!pending) {
    pending = setUp(context, output, pythonFromExtension).finally(() => {
      pending = undefined;
    });
  }
  return pending;
}

async function setUp(context: vscode.ExtensionContext, output: vscode.OutputChannel,
  pythonFromExtension: string | undefined): Promise<ServerCommand | DiscoveryError> {
  const serverFolder = path.join(context.extensionPath, 'server');
  let names: string[] = [];
  try {
    names = fs.readdirSync(serverFolder);
  } catch {
    // no server/ folder: a build without the bundled wheel
  }
  const wheel = bundledWheel(names);
  if (!wheel) {
    return {
      error: 'safeguard-lsp was not found (not on the PATH, not set in safeguard.server.path), and this build of the extension bundles no server. '
        + 'Install safeguard-lsp (see its README), or set safeguard.server.path to the safeguard-lsp program.',
    };
  }
  const layout = envLayout(context.globalStorageUri.fsPath, process.platform);
  const wanted: Stamp = { extensionVersion: String(context.extension.packageJSON.version), wheel };
  if (!needsInstall(readText(layout.stamp), wanted) && fs.existsSync(layout.server)) {
    return { command: layout.server, prefix: [], source: 'bundled' };
  }

  const configured = vscode.workspace.getConfiguration('safeguard').get<string>('server.python', '');
  const python = await choosePython(pythonCandidates(configured, pythonFromExtension, process.platform), output);
  if (typeof python !== 'string') {
    return python;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Safeguard: setting up its server (first start only)' },
    async (progress): Promise<ServerCommand | DiscoveryError> => {
      // An older or unfinished environment is replaced whole.
      fs.rmSync(layout.folder, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(layout.folder), { recursive: true });
      for (const step of installSteps(python, layout, path.join(serverFolder, wheel))) {
        progress.report({ message: step.title });
        output.appendLine(`${step.title}: ${[step.command, ...step.args].join(' ')}`);
        const result = await run(step.command, step.args, 10 * 60 * 1000);
        output.append(result.stdout);
        output.append(result.stderr);
        if (!result.ok) {
          fs.rmSync(layout.folder, { recursive: true, force: true });
          const last = (result.stderr.trim().split('\n').pop() || result.error || '').trim();
          return {
            error: `Safeguard could not set up its server (${step.title.toLowerCase()} failed: ${last}). `
              + 'The output channel "Safeguard" has the details. Install safeguard-lsp yourself (see its README) and set safeguard.server.path, or fix the cause and run "Safeguard: Restart server".',
          };
        }
      }
      if (!fs.existsSync(layout.server)) {
        return { error: `Safeguard installed its server, but ${layout.server} is missing; see the output channel "Safeguard".` };
      }
      fs.writeFileSync(layout.stamp, JSON.stringify(wanted));
      output.appendLine(`The server is installed in ${layout.folder}.`);
      return { command: layout.server, prefix: [], source: 'bundled' };
    },
  );
}
