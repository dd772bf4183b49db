"""代办: an official acts for a resident who cannot use a phone, with the resident present."""
