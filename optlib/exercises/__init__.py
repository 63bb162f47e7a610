"""Checkers for the chapters' exercises, one module per chapter (``ch01``, ``ch02``, ...).

Each checker runs the learner's code, prints in the lesson's language what is right or wrong,
and returns True or False; it never raises on a wrong answer.  The shared machinery is in
:mod:`optlib.checks`.
"""
