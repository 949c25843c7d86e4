"""The outgoing register (sổ văn bản đi): its entries, page and spreadsheet."""
