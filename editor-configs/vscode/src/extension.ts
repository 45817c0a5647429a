// The VS Code side of safeguard-lsp: finds the server, starts it with
// vscode-languageclient, passes the safeguard.* settings, and adds two
// commands and a status-bar count of the findings.

import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

import { bundledServer } from './bundledServer';
import { headingLine, rulesAt, rulesIn } from './ruleDocs';
import { describe, discoverServer, DiscoveryError, isError, ruleDocsArgs, ServerCommand, serveArgs } from './discovery';
import { countFindings, filterSection, Manifest, needsRestart, SECTION, serverSettingKeys, serverSettings, statusView } from './settings';

// The languages of drafts: *.rst is among the default filePatterns, so reStructuredText is one.
const LANGUAGES = ['plaintext', 'markdown', 'restructuredtext', 'treaty-draft'];
const DRAFT_SCHEMES = ['file', 'untitled'];

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let settingKeys: string[] = [];

// The rule reference is shown from a read-only document of its own scheme, so
// that the server (which gets file: and untitled: documents) does not check it
// as a draft.
const REFERENCE_SCHEME = 'safeguard-rules';
const REFERENCE_PATH = '/Safeguard rule reference.md';
let referenceFile: string | undefined;
// Made in activate(): nothing of the vscode module is used while the bundle loads.
let referenceChanged: vscode.EventEmitter<vscode.Uri>;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Safeguard');
  settingKeys = serverSettingKeys(context.extension.packageJSON as Manifest);

  referenceChanged = new vscode.EventEmitter<vscode.Uri>();
  const referenceProvider: vscode.TextDocumentContentProvider = {
    onDidChange: referenceChanged.event,
    provideTextDocumentContent: () => (referenceFile ? fs.readFileSync(referenceFile, 'utf8') : ''),
  };
  status = vscode.window.createStatusBarItem('safeguard.findings', vscode.StatusBarAlignment.Left, 100);
  status.name = 'Safeguard findings';
  status.command = 'workbench.actions.view.problems';

  context.subscriptions.push(
    output,
    status,
    referenceChanged,
    vscode.workspace.registerTextDocumentContentProvider(REFERENCE_SCHEME, referenceProvider),
    vscode.commands.registerCommand('safeguard.restartServer', () => restart(context)),
    vscode.commands.registerCommand('safeguard.showRuleReference', () => showRuleReference(context)),
    vscode.commands.registerCommand('safeguard.openRuleDocumentation', (rule?: unknown) =>
      openRuleDocumentation(context, typeof rule === 'string' ? rule : undefined)),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart((setting) => event.affectsConfiguration(setting))) {
        void restart(context);
      }
    }),
    { dispose: () => void stop() },
  );
  // For the editor context menu's "when" clause (package.json, menus).
  void vscode.commands.executeCommand('setContext', 'safeguard.draftLanguages', LANGUAGES);
  updateStatus();
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The interpreter selected in the Python extension (ms-python.python), if it is installed. */
async function pythonCommand(): Promise<string[] | undefined> {
  const extension = vscode.extensions.getExtension('ms-python.python');
  if (!extension) {
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = extension.isActive ? extension.exports : await extension.activate();
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const envPath = api?.environments?.getActiveEnvironmentPath?.(resource);
    if (envPath) {
      const resolved = await api.environments.resolveEnvironment(envPath);
      const executable = resolved?.executable?.uri?.fsPath;
      if (executable) {
        return [executable];
      }
    }
    const details = api?.settings?.getExecutionDetails?.(resource);
    if (details?.execCommand?.length) {
      return details.execCommand as string[];
    }
  } catch (error) {
    output.appendLine(`The Python extension did not give its interpreter: ${error}`);
  }
  return undefined;
}

async function findServer(context: vscode.ExtensionContext): Promise<ServerCommand | DiscoveryError> {
  const configuredPath = vscode.workspace.getConfiguration(SECTION).get<string>('server.path', '');
  const env = {
    configuredPath,
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    workspaceFolder: workspaceFolder(),
    home: os.homedir(),
    isFile,
  };
  const found = discoverServer(env);
  if (!isError(found) || configuredPath.trim()) {
    return found;
  }
  const python = await pythonCommand();
  if (python) {
    const withPython = discoverServer({ ...env, pythonCommand: python });
    if (!isError(withPython) && (await runs(withPython.command, [...withPython.prefix, '--version']))) {
      return withPython;
    }
  }
  // Nothing installed: the server bundled in the .vsix, in its own environment.
  return bundledServer(context, output, python && python.length === 1 ? python[0] : undefined);
}

function runs(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 30000 }, (error) => resolve(!error));
  });
}

function currentSettings(scope?: vscode.Uri): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  return serverSettings(settingKeys, (key) => configuration.get(key));
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const found = await findServer(context);
  if (isError(found)) {
    output.appendLine(found.error);
    const choice = await vscode.window.showErrorMessage(found.error, 'Open settings');
    if (choice === 'Open settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'safeguard.server.path');
    }
    return;
  }
  output.appendLine(`Starting ${describe(found)}`);
  const serverOptions: ServerOptions = {
    command: found.command,
    args: serveArgs(found),
    transport: TransportKind.stdio,
    options: { cwd: workspaceFolder() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => DRAFT_SCHEMES.map((scheme) => ({ scheme, language }))),
    outputChannel: output,
    initializationOptions: { [SECTION]: currentSettings() },
    synchronize: { configurationSection: SECTION },
    middleware: {
      workspace: {
        // VS Code answers for the whole section, the extension's own
        // settings included; the server gets only the settings it reads.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((value, i) => (params.items[i]?.section === SECTION ? filterSection(value, settingKeys) : value));
        },
      },
    },
  };
  client = new LanguageClient('safeguard', 'Safeguard', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = `The safeguard-lsp server did not start: ${error}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }
  context.subscriptions.push({ dispose: () => void stop() });
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output.appendLine(`Stopping the server: ${error}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
  updateStatus();
}

/** Writes the reference of every rule (with the rule folders of the settings) and gives the read-only
 * document that shows it; undefined when it failed, said. */
async function writeRuleReference(context: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  const found = await findServer(context);
  if (isError(found)) {
    void vscode.window.showErrorMessage(found.error);
    return undefined;
  }
  const folder = context.globalStorageUri;
  await vscode.workspace.fs.createDirectory(folder);
  const file = vscode.Uri.joinPath(folder, 'rules.md');
  const rulePaths = vscode.workspace.getConfiguration(SECTION).get<string[]>('rulePaths', []);
  const args = ruleDocsArgs(found, file.fsPath, rulePaths);
  const problem = await new Promise<string | undefined>((resolve) => {
    execFile(found.command, args, { cwd: workspaceFolder(), timeout: 60000 }, (error, _stdout, stderr) =>
      resolve(error ? `${error.message}\n${stderr}` : undefined));
  });
  if (problem) {
    output.appendLine(`Writing the rule reference failed: ${problem}`);
    void vscode.window.showErrorMessage('Safeguard could not write the rule reference; see the output channel "Safeguard".');
    return undefined;
  }
  referenceFile = file.fsPath;
  const uri = vscode.Uri.from({ scheme: REFERENCE_SCHEME, path: REFERENCE_PATH });
  referenceChanged.fire(uri);
  return uri;
}

/** Writes the reference of every rule and shows it. */
async function showRuleReference(context: vscode.ExtensionContext): Promise<void> {
  const file = await writeRuleReference(context);
  if (!file) {
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', file);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  }
}

/**
 * Opens the rule reference at one rule: the one given, else the rule of the
 * finding under the cursor, else one chosen among the rules of the draft's findings.
 */
async function openRuleDocumentation(context: vscode.ExtensionContext, given?: string): Promise<void> {
  let rule = given;
  const editor = vscode.window.activeTextEditor;
  if (!rule && editor) {
    const findings = vscode.languages.getDiagnostics(editor.document.uri);
    const here = rulesAt(findings, editor.selection.active);
    const choices = here.length ? here : rulesIn(findings);
    rule = choices.length === 1
      ? choices[0]
      : await vscode.window.showQuickPick(choices, { placeHolder: 'The rule whose documentation to open' });
  }
  if (!rule) {
    void vscode.window.showInformationMessage('Safeguard: put the cursor on a finding to open the documentation of its rule.');
    return;
  }
  const file = await writeRuleReference(context);
  if (!file) {
    return;
  }
  const document = await vscode.workspace.openTextDocument(file);
  const line = headingLine(document.getText(), rule);
  if (line === undefined) {
    void vscode.window.showErrorMessage(`Safeguard: the rule reference has no rule ${rule}.`);
    return;
  }
  const start = new vscode.Position(line, 0);
  const shown = await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(start, start) });
  shown.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.AtTop);
}

function updateStatus(): void {
  if (!status) {
    return;
  }
  let total = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    total += countFindings(diagnostics);
  }
  const editor = vscode.window.activeTextEditor;
  const isDraft = editor !== undefined && LANGUAGES.includes(editor.document.languageId)
    && DRAFT_SCHEMES.includes(editor.document.uri.scheme);
  if (!isDraft && total === 0) {
    status.hide();
    return;
  }
  const view = statusView(isDraft ? countFindings(vscode.languages.getDiagnostics(editor.document.uri)) : undefined, total);
  status.text = view.text;
  status.tooltip = view.tooltip;
  status.show();
}
