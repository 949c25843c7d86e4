"""Letters rendered to DOCX and PDF from one data context."""
