package convert

// PageCount is how many pages the PDF at path has; 0 when it cannot be
// read. It reads the document's page tree, not its pages' content.
func PageCount(path string) int { return countPages(path) }
