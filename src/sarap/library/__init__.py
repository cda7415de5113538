"""The document library: legal acts, conventions and programmes, and their structure."""
