"""Ticket printing for MotCua kiosks: layout, ESC/POS output, printer status and the print agent."""
