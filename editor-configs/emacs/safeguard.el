;;; safeguard.el --- safeguard-lsp in Emacs, through eglot  -*- lexical-binding: t; -*-

;; Checks draft treaties and laws (.txt, .md, .markdown, .rst files) with
;; safeguard-lsp: findings are underlined (flymake), the cited provisions
;; show in the echo area or with M-x eldoc-doc-buffer, and
;; M-x eglot-code-actions inserts model wording.
;;
;; Use: copy this file to ~/.emacs.d/safeguard.el and add to your init file
;;
;;     (load "~/.emacs.d/safeguard.el")
;;
;; Needs eglot (built into Emacs 29; on Emacs 26-28 install it with
;; M-x package-install RET eglot, or on Debian/Ubuntu: apt install elpa-eglot).

(require 'eglot)

;; Markdown drafts (markdown-mode, if installed) and plain-text drafts.
(add-to-list 'eglot-server-programs
             '((markdown-mode gfm-mode text-mode) . ("safeguard-lsp" "serve")))

(defun safeguard-start-if-draft ()
  "Start safeguard-lsp when the file is a draft (.txt, .md, .markdown, .rst)."
  (when (and buffer-file-name
             (string-match-p "\\.\\(txt\\|md\\|markdown\\|rst\\)\\'" buffer-file-name))
    (eglot-ensure)))

;; text-mode-hook also runs in markdown-mode and the other text modes.
(add-hook 'text-mode-hook #'safeguard-start-if-draft)

;; Settings (optional). Every key is one of the server's "safeguard.*"
;; settings; see editor-configs/emacs/README.md. For example:
;;
;; (setq-default eglot-workspace-configuration
;;               '(:safeguard (:rules (:SG-WEAK-MAY "off")
;;                             :debounce 150)))

(provide 'safeguard)
;;; safeguard.el ends here
