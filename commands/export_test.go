package commands

// SetPDFAvailable replaces whether the binder's PDF can be made, for a test;
// the returned function restores it.
func SetPDFAvailable(f func() bool) func() {
	old := pdfAvailable
	pdfAvailable = f
	return func() { pdfAvailable = old }
}
