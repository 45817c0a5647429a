"""Draft texts shared by the tests."""

BASIC = (
    "# Draft convention\n\n"
    "## Article 1. Use of terms\n\n"
    "For the purposes of this Convention, \"computer system\" means any device that processes data.\n\n"
    "## Article 2. Offences\n\n"
    "Each Party shall criminalise the spreading of fake news by means of a computer system, "
    "subject to article 17 of the International Covenant on Civil and Political Rights, "
    "ICCPR art. 19(3) and Article 12 of the Universal Declaration of Human Rights.\n\n"
    "## Article 3. Powers\n\n"
    "1. Each Party shall empower its authorities to intercept content data.\n\n"
    "2. The offences in article 2 are covered.\n"
)

FAKE_NEWS = "# Draft\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news.\n"
