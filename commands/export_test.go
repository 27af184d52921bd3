package commands

// SetChromium replaces how the binder's Chromium is found, for a test;
// the returned function restores it.
func SetChromium(f func() (string, error)) func() {
	old := chromium
	chromium = f
	return func() { chromium = old }
}
