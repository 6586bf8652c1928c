"""In-app notifications, with an email that names no client: `services.notify`."""
