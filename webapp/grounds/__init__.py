"""The grounds (căn cứ) letters open with: the issuing body's plans and the office's proposal
letters, kept by the office and chosen for each letter in its editor."""
