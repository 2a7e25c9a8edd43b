"""Format readers: bytes of a PDF, DOCX, HTML or text report to the shared intermediate document."""
