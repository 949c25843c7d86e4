"""Requests for exemption: a unit disputes a dossier counted late, with evidence; the office or a
leader decides, and the figures of that month count the dossier on time when accepted."""
