"""Small rule files shared by the tests that load rule packs of their own."""

CITATIONS = """\
citations:
  - id: test-17
    authority: treaty
    instrument: Test Covenant
    article: Article 17
    text: No one shall be subjected to arbitrary interference.
"""

LEXICON = """\
terms:
  interception:
    - interception
    - re: intercept(s|ed|ing)?
  judicial-authorisation:
    - authorised by a judge
"""
