;;; emacs_e2e.el --- end-to-end check of editor-configs/emacs/safeguard.el  -*- lexical-binding: t; -*-

;; Run by tests/editors/test_emacs.py:
;;
;;   emacs --batch -l emacs_e2e.el
;;
;; Environment: SAFEGUARD_EL (the shipped safeguard.el), SAFEGUARD_DRAFT (a
;; temporary copy of the weak example draft). Loads the shipped file as a
;; user's init file does, opens the draft, and checks that the diagnostics
;; arrive (flymake), that a hover cites an instrument, and that applying a
;; quick fix updates the diagnostics. Exits 0 on success, 1 on failure.

(require 'cl-lib)
(require 'subr-x)

(defvar safeguard-e2e-timeout (string-to-number (or (getenv "SAFEGUARD_TIMEOUT") "60")))

(defun safeguard-e2e-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun safeguard-e2e-fail (fmt &rest args)
  (safeguard-e2e-say "FAIL: %s" (apply #'format fmt args))
  (kill-emacs 1))

(defmacro safeguard-e2e-step (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (progn ,@body (safeguard-e2e-say "ok: %s" ,name))
     (error (safeguard-e2e-fail "%s: %S" ,name err))))

(defun safeguard-e2e-wait (predicate what)
  "Let timers and processes run until PREDICATE is non-nil."
  (let ((deadline (+ (float-time) safeguard-e2e-timeout)) value)
    (while (and (not (setq value (funcall predicate)))
                (< (float-time) deadline))
      ;; Batch mode runs no commands and is never idle: do what an
      ;; interactive Emacs does after a command and when the user pauses
      ;; (eglot sends its didChange, flymake starts, on idle timers).
      (run-hooks 'post-command-hook)
      (dolist (timer (copy-sequence timer-idle-list))
        (when (memq timer timer-idle-list)
          (timer-event-handler timer)))
      (accept-process-output nil 0.1)
      (sit-for 0.05))
    (or value (error "timed out after %ss waiting for %s" safeguard-e2e-timeout what))))

(defun safeguard-e2e-diags ()
  "The flymake diagnostics from the server, as (DIAG . LSP-DIAG)."
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
           when (and lsp (equal (plist-get lsp :source) "safeguard"))
           collect (cons d lsp)))

(defun safeguard-e2e-count (diags code)
  (cl-count-if (lambda (p) (equal (plist-get (cdr p) :code) code)) diags))

(defvar safeguard-e2e-buffer nil)
(defvar safeguard-e2e-before nil)
(defvar safeguard-e2e-code nil)

(safeguard-e2e-step "the shipped safeguard.el loads"
  ;; An interactive Emacs activates the installed packages at startup
  ;; (markdown-mode's file associations among them); batch mode does not.
  (package-initialize)
  (load (getenv "SAFEGUARD_EL") nil t)
  (unless (featurep 'eglot) (error "eglot was not loaded")))

(safeguard-e2e-step "the server starts for the draft"
  (let ((draft (getenv "SAFEGUARD_DRAFT")))
    (unless (fboundp 'markdown-mode)
      ;; Without markdown-mode a .md file is not a text-mode buffer: check
      ;; the same draft as plain text.
      (let ((txt (concat (file-name-sans-extension draft) ".txt")))
        (copy-file draft txt t)
        (safeguard-e2e-say "   markdown-mode is not installed: checking %s" txt)
        (setq draft txt)))
    (setq safeguard-e2e-buffer (find-file draft)))
  (safeguard-e2e-say "   major mode: %s" major-mode)
  (safeguard-e2e-wait (lambda () (and (eglot-current-server) eglot--managed-mode)) "eglot to connect")
  (safeguard-e2e-say "   server: %s" (string-join (process-command (jsonrpc--process (eglot-current-server))) " ")))

(safeguard-e2e-step "diagnostics arrive in flymake"
  (setq safeguard-e2e-before
        (safeguard-e2e-wait (lambda () (safeguard-e2e-diags)) "diagnostics"))
  (safeguard-e2e-say "   %d diagnostics" (length safeguard-e2e-before)))

(safeguard-e2e-step "hover over a finding shows the cited provisions"
  (let* ((target (or (cl-find-if (lambda (p) (> (flymake-diagnostic-beg (car p)) 1)) safeguard-e2e-before)
                     (car safeguard-e2e-before)))
         (_ (goto-char (flymake-diagnostic-beg (car target))))
         (hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)))
         (text (and hover (eglot--hover-info (plist-get hover :contents)))))
    (unless (and text (string-match-p "Covenant\\|Declaration\\|ICCPR" text))
      (error "no citation in the hover: %S" text))
    (string-match "[^\n]*\\(Covenant\\|Declaration\\|ICCPR\\)[^\n]*" text)
    (let ((line (match-string 0 text)))
      (safeguard-e2e-say "   hover on %s: %s" (plist-get (cdr target) :code)
                         (substring line 0 (min 100 (length line)))))))

(safeguard-e2e-step "a quick fix is applied"
  (let (chosen)
    (cl-loop for p in safeguard-e2e-before
             for beg = (flymake-diagnostic-beg (car p))
             for end = (flymake-diagnostic-end (car p))
             for actions = (eglot-code-actions beg end "quickfix")
             for action = (cl-find-if (lambda (a)
                                        (let ((title (downcase (or (plist-get a :title) ""))))
                                          (and (plist-get a :edit)
                                               (not (string-match-p "silence\\|ignore" title)))))
                                      actions)
             when action do (setq chosen (cons p action)) and return nil)
    (unless chosen (error "no diagnostic offers a quick fix with an edit"))
    (setq safeguard-e2e-code (plist-get (cdar chosen) :code))
    (safeguard-e2e-say "   applying \"%s\" for %s" (plist-get (cdr chosen) :title) safeguard-e2e-code)
    ;; As M-x eglot-code-actions does once the user has picked the action.
    (if (fboundp 'eglot--read-execute-code-action)
        (eglot--read-execute-code-action (list (cdr chosen)) (eglot-current-server) "quickfix")
      (eglot--apply-workspace-edit (plist-get (cdr chosen) :edit)))))

(safeguard-e2e-step "the diagnostics update"
  (let ((wanted (safeguard-e2e-count safeguard-e2e-before safeguard-e2e-code)) after)
    (safeguard-e2e-wait (lambda ()
                          (setq after (safeguard-e2e-diags))
                          (< (safeguard-e2e-count after safeguard-e2e-code) wanted))
                        (format "%s to be reported fewer than %d times" safeguard-e2e-code wanted))
    (safeguard-e2e-say "   %s: %d -> %d; %d diagnostics in all" safeguard-e2e-code wanted
                       (safeguard-e2e-count after safeguard-e2e-code) (length after))))

(safeguard-e2e-say "PASS")
(set-buffer-modified-p nil)
(let ((server (eglot-current-server)))
  (when server (ignore-errors (eglot-shutdown server))))
(kill-emacs 0)
;;; emacs_e2e.el ends here
