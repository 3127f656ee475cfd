package workflow

// explainUpload explains file and upload errors from internal/upload.
func explainUpload(err error) (Explanation, bool) { return Explanation{}, false }

// graphFacts lists the Graph error code and request id, when err has them.
func graphFacts(err error) []string { return nil }
