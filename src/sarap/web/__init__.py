"""The HTTP app: server-rendered pages and a JSON API over the domain packages."""
