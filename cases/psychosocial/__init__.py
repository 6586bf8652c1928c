"""Psychosocial casework: counselling sessions, wellbeing measures, risk screening.

Need to know (clients.access): the detail is for psychosocial staff assigned to the client
and for supervisors. Everyone else in scope learns that a session happened and whether the
client is flagged at risk, nothing more.
"""
