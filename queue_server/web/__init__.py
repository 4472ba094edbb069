"""Pages for people: staff login and counter console here; the kiosk and displays live in their packages."""
