"""Fetch job postings from applicant tracking systems and archive every response."""
