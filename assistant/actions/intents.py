"""The questions a visitor's message may ask, shared by the reader and its helpers (reading.py, elsewhere.py)."""

# About a procedure: they take the procedure named, else the one discussed.
PROCEDURE_QUESTIONS = ("take_ticket", "ask_counter", "ask_processing_time", "ask_fee", "ask_documents")
# Asked of the centre whatever the procedure: a person, priority, opening hours.
GENERAL = ("human_handoff", "priority", "opening_hours")
