// Package browsertest drives devserver's browser loop in a real browser
// (Debian's chromium, headless, through chromedp). It is a module of its
// own so that chromedp's Go version does not become devserver's; .ci/run
// installs chromium and runs it.
package browsertest
