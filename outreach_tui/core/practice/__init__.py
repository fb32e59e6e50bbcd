"""Practice calls: role-play a follow-up against a customer who answers back.

Pure rules, no store and no screen: a scenario (seed_data/practice/*.toml) is read and
checked (scenario.py), a persona is filled from the seed (persona.py), a call is played
move by move (call.py) and judged by the method (debrief.py). The command line and the
practice screen sit on top.
"""
