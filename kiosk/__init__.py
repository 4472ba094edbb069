"""The touchscreen kiosk where visitors pick a procedure and take a ticket."""
