"""The words a provision's role and elements are read from.

Each cue family is one compiled pattern whose named groups are the values it
reads. Cues are written for what a provision does, across drafting styles
(treaty "Each State Party shall …", directive "Member States shall ensure …",
Act "A person who … commits an offence", code "Whoever … shall be punished",
"Art. 197 bis … is punished by"): a cue earns its place when two styles need it.
A space in a cue matches any run of white space (line breaks of extracted text
included).
"""

from __future__ import annotations

import re

from safeguard_lsp.draft.text import LazyPattern
from safeguard_lsp.reading.prefilter import Cue

_FLAGS = re.IGNORECASE


def _lazy(name: str, *args) -> LazyPattern:
    """A plain ``re`` pattern (no gate), compiled when first used, from the
    program kept by an earlier process (keptpatterns.py)."""
    return LazyPattern(globals(), name, *args)


def _compile(groups: dict[str, list[str]]) -> Cue:
    parts = []
    for name, cues in groups.items():
        body = "|".join(c.replace(" ", r"\s+") for c in cues)
        parts.append(f"(?P<{name.replace('-', '_')}>{body})")
    return Cue(r"\b(?:" + "|".join(parts) + r")", _FLAGS)


def _one(cues: list[str]) -> Cue:
    return Cue(r"\b(?:" + "|".join(c.replace(" ", r"\s+") for c in cues) + r")", _FLAGS)


def value_of(match: re.Match) -> str:
    return match.lastgroup.replace("_", "-")


# -- roles -------------------------------------------------------------------
_OFFENCE_WORD = r"(?:criminal )?offen[cs]es?"
# Communicating information, not the name of a network ("an electronic communications network").
_COMMUNICATES = r"communicat(?!ions?\s+(?:networks?|services?|systems?|technolog|infrastructures?|providers?|operators?))"
CREATES_OFFENCE = _one([
    r"establish(?:es|ed)? as (?:a |an )?(?:criminal )?offen[cs]es?",
    r"establish(?:es|ed)? (?:the )?(?:following )?(?:conduct )?as (?:a |an )?(?:criminal )?offen[cs]e",
    r"criminali[sz](?:e|es|ed|ing|ation)",
    r"make (?:it )?(?:a )?(?:criminal )?offen[cs]e",
    r"commits? (?:an |the )?offen[cs]e",
    r"(?:is|shall be|be) guilty of (?:an |a )?(?:offen[cs]e|crime|felony|misdemeanou?r)",
    # an offence named as it is created: "shall be guilty of computer trespass and liable to …"
    r"(?:is|shall be|be) guilty of (?:the )?[\w'-]+(?: [\w'-]+){0,5}? and (?:shall be |is )?liable\b",
    r"(?:is|are|shall be|be) punish(?:ed|able)",
    r"punishable (?:as a criminal offen[cs]e|by|with|under)",
    # "shall be liable to pay damages by way of compensation" is civil liability, not an offence
    r"shall be (?:liable(?! to (?:pay )?(?:damages|compensation))|sentenced)",
    r"(?:is|be) liable (?:on|upon|to) (?:summary )?(?:conviction|imprisonment|a fine)",
    r"liable (?:on|upon) (?:summary )?conviction",
    r"constitutes? (?:the |an |a )?(?:criminal )?(?:offen[cs]e|crime)",
    r"shall (?:also )?constitute (?:an |the )?(?:criminal )?offen[cs]es?",
    r"(?:is|shall be|be) (?:also )?(?:a |an )?(?:criminal )?offen[cs]e",
    r"(?:the )?following acts? (?:shall )?constitutes?",
    r"whoever",
    r"(?:incurs|shall incur) (?:a )?(?:penalty|criminal liability)",
    # "shall incur a prison sentence of", "shall be subject to imprisonment", "shall be imprisoned for",
    # "is liable to a term of imprisonment": penalty formulas of codes and Acts in translation
    r"(?:incurs?|shall incur|will incur) (?:a |an |the )?(?:prison|custodial|imprisonment|fine|sentence|punishment)\w*",
    r"(?:is|are|shall be|be) subject to (?:a |the )?(?:(?:penalty|punishment|sentence) of )?(?:imprisonment|detention|a fine|fines?|(?:a )?(?:criminal )?penalt(?:y|ies) of)",
    r"(?:is|are|shall be|be) imprisoned\b",
    # "the use of a computer to commit it is an aggravating circumstance": the offence made heavier
    r"(?:is|shall be|constitutes?) an aggravating circumstance",
    # "shall be sanctioned with imprisonment of two to five years", "is sanctioned by a fine"
    r"(?:is|are|shall be|be) sanctioned (?:with|by) (?:a |an |the )?(?:(?:penalty|sentence) of )?(?:imprisonment|detention|prison|(?:a )?fines?|deprivation of liberty)",
    r"liable (?:on (?:summary )?conviction )?to (?:a |an )?(?:term|period|sentence) of (?:imprisonment|detention)",
])

# "A person shall not …": a prohibition that a later "contravenes" makes an offence.
PROHIBITION = _one([r"(?:a|no|any) person shall (?:not )?(?:knowingly |intentionally |wilfully )?(?!be\b)\w+",
                    r"it shall be unlawful", r"(?:a|no|any) person (?:shall|must|may) not"])
CONTRAVENES = _one([r"contravenes?", r"fails? to comply with (?:this |subsection|section|paragraph)",
                    r"in breach of (?:this|subsection|section)"])

DEFINITION = _one([
    r"in this (?:act|part|chapter|convention|directive|law|code|regulation|section|title|protocol|bill)\b[^.\n]{0,60}(?:means|requires|unless|otherwise|[-—–:])",
    r"for the purposes? of this (?:act|part|chapter|convention|directive|law|code|regulation|section|title|protocol|article)\b[^.\n]{0,40}(?::|means|—|-)",
    r"[\"“”'‘’][^\"“”\n]{1,60}[\"“”'‘’] (?:means|includes|shall mean|refers to|has the (?:same )?meaning)",
    r"the term [\"“”'‘’]?[^\"“”\n]{1,60}[\"“”'‘’]? (?:means|includes)",
    # "In applying this Law, the following words shall have the meanings shown beside them",
    # "For the application of this Decree, the following terms bear the meanings given below"
    r"[^.;:]{0,80}?\b(?:words|terms|expressions|phrases)(?: and (?:words|terms|expressions|phrases))?(?: used[^.;:]{0,30})? (?:shall )?(?:have|bear) the (?:following )?meanings?\b",
    # "Within the meaning of this law, the following definitions apply:", "For the application of this
    # Code, the following terms shall mean:"
    r"(?:within the meaning|for the (?:application|purposes?)) of (?:this|the present) (?:act|law|code|decree|convention|proclamation|ordinance|regulation|title|chapter)\b[^.;:]{0,40}\b(?:following )?(?:definitions|terms|expressions|words)\b[^.;:]{0,30}:",
])
DEFINITION_TITLE = _one([r"definitions?", r"interpretations?", r"use of terms", r"terminology", r"meaning of",
                         r"terms? used"])

FINAL_TITLE = _one([
    r"short title", r"citation", r"commencement", r"entry into force", r"coming into (?:force|operation)",
    r"signature", r"ratification", r"accession", r"depositary", r"denunciation", r"amendments?(?! to)",
    r"repeals?", r"savings?", r"transitional", r"regulations", r"rules", r"territorial application",
    r"federal clause", r"settlement of disputes", r"authentic texts?", r"consultations? of the (?:parties|states)",
    r"title", r"applicability", r"extent", r"application of (?:this|the) act", r"relation(?:ship)? (?:with|to) other",
    r"effects? of (?:this|the) convention", r"implementing rules(?: and regulations)?", r"separability(?: clause)?", r"severability(?: clause)?",
    r"effectivity(?: clause)?", r"repealing clause", r"appropriations?", r"entry into operation", r"conference of the (?:states )?parties", r"secretariat",
    r"implementation of the convention", r"withdrawal", r"transposition", r"report(?:ing)?", r"addressees",
    r"evaluation", r"review", r"replacement", r"binding force", r"annual reports?", r"financial provisions",
    r"funds? of the", r"staff", r"seal", r"common seal", r"composition", r"tenure", r"proceedings of",
    r"meetings?", r"quorum", r"vacancy", r"remuneration", r"disclosure of interest", r"delegation",
])
FINAL_TEXT = _one([
    r"(?:act|law|code|regulation|decree) may be cited as", r"(?:act|law|code|decree) (?:takes|shall take) effect", r"(?:act|law|code|decree|convention) (?:shall|may) be (?:known|cited) as", r"shall (?:come|enter) into (?:force|operation|effect)",
    r"(?:act|law|code|decree|convention|proclamation|ordinance|protocol|directive|regulation) (?:enters|comes) into (?:force|operation|effect)",
    r"shall be open for signature", r"is hereby repealed", r"are hereby repealed", r"depositary of this",
    r"instruments? of (?:ratification|acceptance|approval|accession)", r"may denounce",
    r"shall be transposed",
    r"(?:may|shall)(?:,[^.;]{0,80},)? make (?:rules|regulations) (?:to carry out|for (?:carrying out|the purposes? of)|to give effect to)",
    r"shall have effect notwithstanding anything (?:inconsistent|contained)", r"shall bring into force the laws, regulations and administrative provisions",
    r"is addressed to the member states", r"are addressed to the member states",
])

# Titles of provisions that do none of the things rules ask about.
OTHER_TITLE = _one([r"jurisdiction", r"(?:corporate|legal persons?'?|criminal) liability(?: of legal persons)?", r"liability of legal persons",
                    r"limitation period", r"statute of limitations?", r"scope(?: of application)?", r"objectives?", r"purposes?",
                    r"(?:statement of )?purpose", r"application", r"(?:declaration|statement) of (?:state )?polic(?:y|ies)", r"polic(?:y|ies)",
                    r"objects?(?: of (?:this|the) act)?"])

RESERVATION_TITLE = _one([r"reservations?", r"declarations?", r"reservations? and declarations?"])
RESERVATION = _one([r"reservations?", r"may reserve the right", r"declarations?", r"by a declaration"])

INSTITUTION = _one([r"(?:the )?(?:authority|agency|centre|center|commission|council|board|committee|office|team) shall (?:provide (?:technical )?advice|advise|publish|promote|co-?ordinate|raise awareness|issue guidance)",r"there (?:is|shall be) to be (?:a|an)\b", r"there shall be (?:a|an) (?:[\w-]+ ){0,4}(?:commissioner|authority|agency|office|board|council|committee|commission|centre|center|tribunal)",
    r"(?:is|shall be) independent of", r"(?:may|shall) not be removed from office",r"(?:is|shall be) (?:designated as )?the (?:central|competent|national|supervisory) authority", r"central authority\b(?!\s+(?:may|shall|can)\s+(?:provide|give|execute|make|send|transmit|request|refuse|afford|render)\b)",
    r"(?:is|are) (?:hereby )?(?:established|constituted|created|designated)",
    r"there (?:is|shall be) (?:hereby )?(?:established|constituted|created)",
    r"shall (?:establish|designate|set up) (?:a |an |the )?(?:[\w-]+ ){0,5}(?:authority|agency|centre|center|council|board|committee|commission|body|office|team|unit|point of contact|csirt|cert)",
    # "The Central Government may, by notification, appoint a Controller of Digital Security"
    r"(?:may|shall)(?:,[^,.;]{0,60},)? appoint (?:a |an |the )?(?:[\w-]+ ){0,3}(?:controller|commissioner|registrar|director|inspector)s?(?:[- ]general)? (?:of|for) (?:[\w-]+ ){0,3}(?:security|cyber\w*|data|information|privacy|communications?|certif\w*)",
    r"(?:functions|powers|composition|members|membership) of the (?:agency|authority|centre|center|council|board|committee|commission|office|team|unit)",
    # "The members of the Cybersecurity Authority shall be appointed by the President …"
    r"(?:members?|chair\w*|head|director) of the (?:[\w-]+ ){0,3}(?:agency|authority|centre|center|council|board|committee|commission|office)\b[^.;]{0,20}\bshall be appointed\b",
    # "The Data Protection Commission shall act under the general direction of the Minister"
    r"(?:commission|authority|agency|board|council|committee|commissioner|centre|center)\b[^.;]{0,30}\bshall (?:act|operate|perform (?:its|his|her) functions|exercise (?:its|his|her) functions)\s+(?:independently|impartially|under|subject to|in accordance with the (?:directions?|instructions?|polic(?:y|ies)))",
    r"the (?:agency|authority|centre|center|council|board|committee|commission) shall (?:consist|be composed|comprise)",
])

# A measure reported to a judge once taken: its review, not a power.
REPORTED_TO_JUDGE = (r"(?:every|each|any|the|such) (?:search|seizure|interception|arrest|order|measure|direction|warrant)s?\b[^.;]{0,60}?"
                     r"\b(?:shall|must) (?:be )?(?:reported|notified|brought|submitted|communicated)\b[^.;]{0,40}?\bto (?:the |a |an )?"
                     r"(?:competent |investigating )?(?:magistrate|judge|court)s?\b")
REPORTED_TO_JUDGE_CUE = _one([REPORTED_TO_JUDGE])

SAFEGUARD = _one([
    r"subject to (?:the )?conditions and safeguards", r"conditions and safeguards",
    # "Every seizure under sub-section (1) shall be reported within twenty-four hours to the Magistrate"
    REPORTED_TO_JUDGE,
    r"(?:are|be|is) subject to (?:the )?conditions\b",
    r"principles? of (?:necessity|proportionality|legality)", r"shall not be admissible", r"inadmissible",
    r"shall not lose (?:its|their) privileged", r"privileged (?:communication|character)",
    r"(?:adequate|effective) protection of (?:human )?rights", r"human rights and (?:fundamental )?(?:freedoms|liberties)",
    r"(?:independent|judicial|parliamentary) (?:oversight|supervision|review)",
    r"(?:right to|effective) (?:an )?(?:effective )?remedy", r"shall (?:be )?notif(?:y|ied)",
    r"safeguards?", r"(?:order|warrant|decision|authori[sz]ation|measure) shall (?:be in writing|state (?:the )?reasons|specify|be limited|not exceed|be (?:valid|limited) for|lapse|expire)",
    r"state (?:the )?reasons", r"(?:shall|may) (?:apply|appeal) to (?:the |a )?court", r"(?:person|persons|individual)s? (?:affected|concerned)",
    r"(?:shall|may) not be (?:ordered|used|authori[sz]ed|carried out) (?:in|for|where|unless)",
    r"shall be (?:informed|notified)", r"shall not (?:issue|grant|authori[sz]e|make|approve) (?:a |an |the )?(?:warrant|order|authori[sz]ation)", r"unless (?:it is )?satisfied", r"notif(?:y|ies|ied|ication)\b[^.;]{0,40}(?:person|persons|individual|subject|user)", r"(?:lawfulness|legality) (?:reviewed|examined|challenged)", r"oversees? (?:the )?(?:use|exercise)",
    r"oversight", r"(?:parliament|legislature)\w*[^.;]{0,40}(?:committee|report)",
    r"(?:warrant|order|authori[sz]ation)\b[^.;]{0,40}\b(?:lasts?|expires?|is valid|shall be valid|remains? in force|ceases?)",
    r"(?:may|shall be entitled to|has the right to|have the right to) (?:appeal|challenge|contest|apply for (?:judicial )?review)",
    r"report\w*[^.;]{0,100}(?:parliament|national assembly|legislature|congress|senate)",
    r"(?:may|shall be entitled to) (?:sue|bring (?:a |an )?(?:civil )?(?:action|claim))", r"recover (?:damages|compensation)",
    # "shall be exercised in a manner that is necessary and proportionate", "regard shall be had to the rights guaranteed by …"
    r"necessary and proportionate", r"proportionate and necessary",
    r"(?:rights|freedoms) (?:guaranteed|protected|enshrined|recogni[sz]ed) (?:by|under|in)",
    r"(?:regard|due regard) (?:shall|must) be (?:had|given|paid) to (?:the )?(?:rights|freedoms|privacy|human rights)",
    # "An order under this section shall be made by a Judge …": who may authorise the power
    r"(?:orders?|warrants?|authori[sz]ations?)\b[^;]{0,40}?\bshall (?:only )?be (?:made|issued|granted|given) (?:only )?by (?:a |the )?(?:[\w-]+ ){0,2}(?:judges?|courts?|magistrates?)\b",
])

EXCEPTION = _one([
    r"it (?:is|shall be) a (?:good )?defen[cs]e", r"(?:no|a) (?:person|one) (?:is|may be|will be|can be) (?:held |criminally |civilly |personally )*(?:liable|prosecuted|punished)", r"(?:is|shall be) a defen[cs]e",
    # "No intermediary shall be held liable", "No service provider is liable": whoever the exemption names
    r"no (?:[\w-]+ ){1,3}(?:shall|is|may|will) (?:be )?(?:held )?(?:criminally |civilly |personally )?liable",
    r"(?:shall|does|do) not (?:apply|extend) to", r"(?:shall|does|do) not apply", r"(?:no|a) (?:person|one) shall (?:not )?be (?:held |criminally |civilly |personally )*(?:liable|prosecuted|punished|convicted)",
    r"shall not be (?:held |criminally |civilly |personally )*(?:liable|prosecuted|punished|convicted|an offen[cs]e)",
    r"(?:shall )?not (?:constitute|be) (?:an |a )?(?:criminal )?offen[cs]e",
    r"is not (?:an |a )?(?:criminal )?offen[cs]e", r"(?:are|is) not (?:punishable|unlawful|criminal)",
    r"nothing in this (?:section|article|act|part|chapter|convention|directive|code|law|subsection|paragraph)",
    r"nothing in (?:this |these |the foregoing )?(?:sections?|articles?|subsections?|paragraphs?|parts?|chapters?)\b",
    r"(?:is|are|shall be) exempt(?:ed)?", r"exemptions?", r"excludes? (?:criminal )?liability",
    r"not be considered (?:as )?(?:an |a )?(?:criminal )?offen[cs]e", r"shall not be (?:regarded|deemed|considered)",
    r"shall not be (?:established|criminali[sz]ed|treated) as (?:an |a )?(?:criminal )?offen[cs]e",
    r"not (?:be )?(?:interpreted|construed|read) as (?:imposing|creating|giving rise to) (?:any )?(?:criminal )?liability",
    r"(?:does|do|shall) not commit an offen[cs]e", r"no (?:criminal )?liability (?:arises|shall arise|is incurred|attaches)",
    r"no offen[cs]e is committed", r"(?:public[- ]interest|journalis\w*|research) defen[cs]e",
    r"in deciding whether to prosecute", r"take into account whether the conduct",
    # "The penalties in Articles 3 and 4 shall not be imposed on a person who …", "No penalty shall be imposed under section 3 on …"
    r"(?:penalt(?:y|ies)|punishments?|sanctions?)\b[^.;]{0,60}\bshall not be (?:imposed|applied|inflicted)",
    r"no (?:penalty|punishment|sanction) shall be (?:imposed|applied|inflicted)",
])

COOPERATION = _one([
    r"mutual (?:legal )?assistance", r"assistance in criminal matters", r"foreign authorit(?:y|ies)", r"extradit\w*", r"request(?:ing|ed) (?:state|party|country|member state)",
    r"international (?:co-?operation|assistance)", r"another member state", r"other member states", r"(?:foreign|another) (?:state|party|country|government|jurisdiction|law enforcement)",
    r"spontaneous information", r"24/7", r"point of contact", r"co-?operat\w* (?:with|among|between) (?:each other|the (?:parties|states)|states|parties|foreign)",
    r"(?:other|each other) (?:states? parties|parties|member states)",
    r"(?:authorities|courts|governments?|counterparts) (?:of|in) (?:other|foreign|another) (?:states?|countries|country|jurisdictions?)",
    r"(?:states?|parties|states? parties|member states|contracting parties) shall (?:co-?operate|assist each other|assist one another)\b",
    r"judicial assistance", r"letters? rogatory", r"letters? of request", r"execution of (?:a |the |any )?(?:foreign )?requests?\b",
])
REFUSAL_STRONG = _one([r"(?:refus|declin)\w* (?:the |a |an |any |to grant |to provide |to execute )?(?:assistance|request|extradition|co-?operation|surrender)",
                       r"(?:assistance|request|extradition|co-?operation|surrender|letters? rogatory) (?:shall|must|may) (?:be )?(?:refused|declined|denied)", r"grounds? for refus\w*",
                       # "Assistance shall not be provided unless …", "No surrender shall be granted where …"
                       r"(?:assistance|extradition|co-?operation|surrender) shall not be (?:granted|given|provided|executed|afforded)",
                       r"no (?:assistance|surrender|extradition|co-?operation) shall be (?:granted|given|provided|executed|afforded)"])
REFUSAL = _one([
    r"refus\w*", r"declin\w* (?:to (?:execute|assist|grant|provide)|the request)",
    r"grounds? (?:for|of) (?:refus\w*|non-execution)", r"shall not be (?:granted|executed|obliged|required to (?:grant|provide|execute))",
    r"no (?:state )?party shall be (?:obliged|required)", r"(?:may|shall) (?:postpone|deny)", r"imposing an obligation to",
])

# "An offence under subsection (a) is punishable by …": a provision that only sets the penalty.
PENALTY_REFERENCE = _one([r"(?:an? |any |the )?offen[cs]es? (?:under|against|referred to in|described in|created by) (?:this |that )?(?:sub)?(?:sections?|articles?|paragraphs?|§+)\s*(?:\(?[\w.]+\)?)?[^.;]{0,40}(?:is|are|shall be) (?:punishable|liable|punished)"])
PENALTY_ONLY = _one([r"convicted (?:of|under)", r"(?:may|shall) be sentenced", r"(?:on|upon) (?:summary )?conviction", r"penalty:",r"(?:offen[cs]es?|conduct) (?:referred to|set out|established|described|mentioned) (?:in|under|pursuant to) (?:articles?|sections?|paragraphs?|this)",
                     r"effective, proportionate and dissuasive", r"(?:penalt|sanction)\w*"])

# -- powers ------------------------------------------------------------------
MEASURE = _compile({
    "real-time-traffic": [r"real[- ]time (?:collection|recording|monitoring)?[^.;]{0,40}traffic data",
                          r"collect(?:ion)? or record(?:ing)?[^.;]{0,60}traffic data", r"captur\w*[^.;]{0,60}traffic data",
                          r"traffic data[^.;]{0,40}(?:in )?real[- ]time",
                          # "monitor the traffic data of … while the communications take place": real time in other words
                          r"(?:collect|record|monitor|captur|observ|track|gather)\w*[^.;]{0,60}traffic data[^.;]{0,80}\b(?:while|as|when) (?:they|it|the (?:communications?|transmissions?|calls?|messages?))\b[^.;]{0,20}\b(?:take|takes|taking|occur|occurs|happen|happens|are in progress|is in progress)\b",
                          r"(?:collect|record|monitor)\w*(?:(?!content)[^.;]){0,40}(?:in|on a) real[- ]time(?![^.;]{0,25}\bcontent)"],
    "interception": [r"intercept\w*", r"(?:collect|record)\w*[^.;]{0,60}content (?:data|of (?:the |specified |specific |any |such )?(?:communications?|messages?|calls?))",
                     r"monitor\w* (?:of )?(?:the )?(?:communications?|conversations?|traffic)", r"wire-?tap\w*",
                     r"covert surveillance", r"surveillance of (?:[\w-]+ )?(?:communications|persons|messages|calls)",
                     r"(?:listen\w*|record\w*|monitor\w*)[^.;]{0,30}(?:telecommunications?|communications?|conversations?|calls?|messages)",
                     r"(?:telecommunications?|communications?|conversations?|calls?|messages)[^.;]{0,40}(?:listened to|recorded|monitored|intercepted|tapped)"],
    "search-seizure": [r"search\w*", r"seiz\w*", r"enter (?:and search )?(?:any )?premises",
                       r"similarly secure", r"inspect(?:s|ed|ing|ion|ions)?\b", r"secur(?:e|es|ing) (?:any|the|an?|all) (?:objects?|data|items?|evidence|computers?|devices?|documents?)", r"access (?:to )?(?:(?:any|a|the|such) )?(?:computer|system|device|data)\b"],
    "production-order": [r"production order", r"(?:order|require|compel|direct)\w*(?:(?!passwords?\b|keys?\b|access codes?\b)[^.;]){0,80}(?:to )?(?:produc(?:e|es|ed|ing|tion)|submit\w*|hand\w* over|deliver\w*|disclos\w*|furnish\w*|provid(?:e|es|ed|ing))\b[^.;]{0,40}(?:data|information|records?|subscriber|content|communications?|documents?|files?)",
                         r"subscriber information", r"disclosure order",
                         r"(?:on|upon|within [^.;]{0,30}? of) (?:a |the |any )?(?:written )?(?:request|demand|requisition)\b[^.;]{0,100}?\b(?:hand\w* over|produc(?:e|es)|disclos\w*|furnish\w*|provid(?:e|es))\b[^.;]{0,40}(?:data|information|records?)",
                         r"(?:demand|request|requisition|obtain)\w* from (?:a |an |any |the |every )?(?:[\w-]+ )?(?:operators?|providers?|intermediar(?:y|ies)|licensees?)\b[^.;]{0,60}(?:records?|data|information|names?|identit(?:y|ies))",
                         r"disclos\w*[^.;]{0,30}(?:identity|identities|details|names?)[^.;]{0,20}(?:subscribers?|users?|customers?|account holders?)",
                         # "providers are obliged to provide the competent authorities with the data of their users"
                         r"(?:obliged|bound|required|shall|must)\b[^.;]{0,20}?\bto (?:provide|submit|hand over|transmit|furnish|disclose|deliver) (?:to )?(?:the |any )?(?:[\w-]+ ){0,3}?(?:authorities|bodies|agencies|organs|police|investigators?|prosecutors?|prosecution)\b[^.;]{0,60}(?:information|data|records?)",
                         # "may request any service provider to hand over the data", "requisition any person to furnish"
                         r"(?:request\w*|demand\w*|requisition\w*|call\w* (?:up)?on) (?:any|a|an|the|every) (?:[\w-]+ ){0,2}?(?:service providers?|providers?|persons?|operators?|intermediar(?:y|ies)|licensees?|custodians?|holders?|compan(?:y|ies)|bod(?:y|ies)|entit(?:y|ies))\b[^.;]{0,40}?\bto (?:hand\w* over|produc\w*|submit\w*|disclos\w*|furnish\w*|provid\w*|deliver\w*|surrender\w*)\b[^.;]{0,60}(?:data|information|records?|documents?)"],
    "preservation": [r"preserv\w*", r"expedited (?:preservation|disclosure)", r"kept intact", r"(?:keep|kept|maintain\w*) (?:the )?(?:integrity|intact)",
                     r"(?:keep|keeps|kept|hold|holds|maintain\w*)\b[^.;]{0,60}\b(?:unchanged|unaltered|unmodified)\b",
                     r"(?:secur|protect)\w* (?:it |them |the data )?against (?:loss|deletion|modification|alteration)"],
    "blocking": [r"block\w*", r"take ?-?down", r"remov\w*[^.;]{0,20}\b(?:online|internet|web) (?:content|material|publications?|posts?)", r"(?:order|direct|require)\w*[^.;]{0,40}(?:service|provider|platform|intermediar\w*|host)\w*[^.;]{0,20}to (?:remove|delete|take down|disable|withdraw)", r"remov(?:e|al|ing)[^.;]{0,40}(?:content|material|publications?|posts?|information)[^.;]{0,40}(?:from (?:the |a |any )?(?:internet|website|platform|service|network|public)|published|posted|hosted|online)",
                 r"(?:restrict|disable|deny|limit|prevent)\w* access to[^.;]{0,40}(?:content|websites?|sites?|information|material|services?|platforms?|internet)",
                 r"shut ?-?down", r"suspen\w*[^.;]{0,20}(?:service|account|website|internet|network)",
                 # "direct that access to any social media platform be restricted"
                 r"access to[^.;]{0,60}\b(?:content|websites?|sites?|information|material|services?|platforms?|internet|social media|networks?)\b[^.;]{0,30}?\b(?:be|is|are|shall be) (?:restricted|blocked|disabled|denied|limited|suspended|prevented|cut off)",
                 r"(?:cease|stop)\w* (?:the )?(?:publication|dissemination|transmission)"],
    "decryption": [r"decrypt\w*", r"(?:readable|legible|unencrypted) form", r"keys? (?:to|that) (?:read|decrypt|unlock|open)", r"(?:passwords?|access codes?|(?:encryption |decryption )?keys?|means of access|credentials)[^.;]{0,80}(?:disclos|surrender|provid|hand\w* over|reveal|divulg)\w*", r"(?:encryption|decryption|cryptographic) keys?", r"intelligible form",
                   r"plain ?text", r"(?:disclose|surrender|provide|hand over)\w*[^.;]{0,40}(?:passwords?|access codes?|keys?)"],
    "data-retention": [r"data retention", r"(?:retain|store|keep|maintain)\w*[^.;]{0,60}(?:call[- ]related|connection|traffic|subscriber|location|metadata|log|communications?) (?:information|records?|data|logs?)",
                       r"capabilit\w* to be intercepted", r"(?:install|maintain|provide|build|ensure)\w*[^.;]{0,40}(?:interception|intercept) capabilit\w*",
                       # "retain all communications metadata of every user", "keep logs of every connection"
                       r"(?:retain|store|keep|maintain)\w*[^.;]{0,40}\b(?:metadata|logs? of)\b",
                       # "keep the data of their users for one year": users' data held for a fixed time
                       r"(?:retain|store|keep|maintain)\w*[^.;]{0,40}\b(?:data|information|records?) (?:of|on|about|relating to) (?:all |every |each )?(?:of )?(?:their |its |the )?(?:users?|subscribers?|customers?|clients?)\b[^.;]{0,60}?\b(?:for|during) (?:a (?:minimum )?period of |not less than |at least )?(?:[\w-]+ ){0,4}?(?:years?|months?|days?)\b",
                       # "keep ... the information on the messages of all users for three years"
                       r"(?:retain|store|keep|maintain)\w*\b[^.;]{0,120}\b(?:messages|communications|connections|calls|traffic|activit(?:y|ies))\b[^.;]{0,20}\bof (?:all|every|each) (?:of )?(?:their |its )?(?:users?|subscribers?|customers?|clients?)\b"],
    "assistance-duty": [r"(?:give|provide|render|afford|extend)\w*[^.;]{0,60}\b(?:assistance|help|support)\b",r"(?:give|provide|render|afford)\w*[^.;]{0,60}(?:technical (?:help|assistance|support)|facilities|equipment)",r"(?:render|provide|give|afford|extend) (?:all |such |any |the |technical |reasonable |necessary )*(?:assistance|co-?operation|support|facilities)",
                        r"(?:assist|co-?operate with) (?:the |any |a )?(?:competent |law enforcement |investigating )?(?:authorit|officer|agenc|police|investigat)\w*"],
    "other": [r"powers? and procedures?", r"investigative (?:powers|measures|tools|techniques)", r"exercise (?:the |any |those |such |its |his |her )?powers?\b",
              # "In urgent cases, those measures may be carried out …": the measures of an earlier part
              r"(?:those|these|such|the said|the same) (?:measures|powers|actions|operations|investigative acts)\b(?=[^.;]{0,60}\b(?:may|shall|can) (?:also )?be (?:carried out|taken|exercised|conducted|performed|used|applied|ordered)\b)"],
    "disclosure-abroad": [r"(?:transfer|disclos|shar|transmit|forward|provid|send|sent)\w*[^.;]{0,60}(?:foreign|another (?:state|party|country)|other (?:states|parties))"],
})

# "those measures may be carried out": a power that names its measures by pointing back to them.
MEASURES_BEFORE = _lazy("MEASURES_BEFORE", r"\b(?:those|these|such|the said|the same) (?:measures|powers|actions|operations|investigative acts)\b", _FLAGS)
# A consequence the conduct must have had ("where it led to the deletion, blocking or copying of that
# information -"): what it names is the offence's result, not its conduct.
RESULT_CLAUSE = _lazy("RESULT_CLAUSE", r"\b(?:where|if|when|provided that|in so far as)\s+(?:this\s+|that\s+|the\s+|such\s+)?(?:act\s+|conduct\s+|access\s+|it\s+)?"
                           r"(?:has\s+)?(?:led|leads|resulted|results|entailed|entails|caused|causes)\s+(?:to\s+|in\s+)?[^.;]*?(?=\s[-–—]\s|[.;]|\bshall\b|\bis punishable\b|$)", _FLAGS)

# "exercise the powers in subsection (1)": a power that borrows its measure from a sibling.
POWERS_OF_SIBLING = _lazy("POWERS_OF_SIBLING", r"\b(?:powers?|measures?)\s+(?:conferred\s+)?(?:in|under|by|of|referred\s+to\s+in)\s+"
                               r"(?:sub-?section|paragraph|subparagraph)\s*\(?(?P<number>\w{1,4})\)?", _FLAGS)

# Data sent abroad "unasked", "without prior request": the State's own act, a
# power, not an answer to another State's request.
UNASKED = _one([r"unasked", r"without (?:a |any )?(?:prior |previous )?request", r"of (?:its|their) own (?:motion|accord|initiative)",
                r"on (?:its|their) own initiative", r"spontaneous(?:ly)?"])

# An authority that issues the warrant or order of the provision it is in
# ("A judge may issue a warrant under this section if …").
ISSUES_WARRANT = _one([r"(?:may|shall) (?:issue|grant|make) (?:a|an|the|such an?) (?:warrant|order)s? (?:under|in accordance with|pursuant to) "
                       r"this (?:section|article|part|chapter)"])

AUTHORITY_MAY = _one([
    r"(?:competent|law enforcement|investigating|judicial|public|designated|relevant|national) authorit(?:y|ies)\b[^.;]{0,40}\b(?:may|shall|can|is empowered|are empowered|has power|have power)",
    r"(?:police|law enforcement|authori[sz]ed|investigating|enforcement|public|customs|cyber(?:crime)?) (?:officers?|officials?|agents?)\b[^.;]{0,40}\b(?:may|shall|can|is empowered|has power)",
    r"(?:investigator|prosecutor|procurator|inspector|officer)s?\b[^.;]{0,30}\b(?:may|can|is empowered|has power)",
    # "A police officer who reasonably suspects that … may seize it"
    r"(?:investigators?|inspectors?|officers?|officials?)\b[^.;,]{0,40}?\bwho\b[^.;]{0,200}?\b(?:may|can)\b(?!\s+(?:not|be)\b)",
    r"(?:public|state) (?:prosecution|ministry)\b[^.;]{0,30}\b(?:may|shall|can)\b(?!\s+(?:not|be)\b)",
    r"(?:judge|court|magistrate|minister|secretary|director|commissioner|tribunal|body|board|commission|(?<!data\s)(?<!\ba\s)controller)\b[^.;]{0,90}\b(?:may|shall|must)(?:,[^,.;]{0,60},)? (?:issue|grant|order|authori[sz]e|direct|require|approve|make)",
    # "it may, by an order in writing, direct any agency to intercept …": an authority directing the measure
    r"\b(?:may|shall)(?:,[^.;]{0,80},)? direct (?:any|an?|the|every) (?:[\w-]+ ){0,2}(?:agenc(?:y|ies)|officers?|authorit(?:y|ies)|intermediar(?:y|ies)|(?:service )?providers?|operators?)\b",
    r"\bthe authorities\b[^.;]{0,20}\b(?:may|shall)\b",
    r"(?:allow|permit|authori[sz]e)\w* (?:its |their )?(?:competent |law enforcement )?authorities",
    r"empower\w*", r"(?:give|grant|confer)\w* (?:on |upon |to )?(?:its |their )?(?:competent |law enforcement |investigating )?authorities (?:with )?(?:the )?powers?",
    r"authorit(?:y|ies) (?:with )?(?:the )?powers? to", r"(?:the )?police\b[^.;]{0,20}\b(?:may|shall|can)\b",
    r"(?:may|shall) be (?:carried out|conducted|undertaken|ordered|authori[sz]ed|executed|performed|effected|issued)", r"(?:may|shall) be allowed only\b",
    r"(?:enable|ensure that) (?:its |their )?(?:competent |law enforcement )?authorities",
    r"(?:governmental|government) (?:entity|entities|agency|agencies)\b[^.;]{0,40}\b(?:may|shall)",
    r"(?:is|are) (?:hereby )?(?:authori[sz]ed|empowered) to", r"(?:shall )?ha(?:s|ve) (?:the )?powers? to",
    r"(?:service providers?|providers?|licensees?|operators?|intermediar(?:y|ies))\b[^.;]{0,40}\b(?:shall|(?:is|are) (?:obliged|bound))\b",
    r"(?:require|oblige|compel|direct)\w* (?:all |every |any |a |the )?(?:service |communications? |electronic communications? )?(?:providers?|licensees?|operators?|intermediar(?:y|ies))",
    r"(?:the )?(?:minister|cabinet secretary|secretary (?:of|for) (?!the\b)\w+|president|regulator|commission|authority|agency|director(?:-general)?|attorney[- ]general|government|prosecutor|(?<!data\s)(?<!\ba\s)controller)\b[^.;]{0,60}\b(?:may|shall)\b(?!\s+(?:not|be)\b)",
    r"\bso (?:demands?|requests?|requires?|directs?|orders?|authori[sz]es?)\b",
    r"(?:intelligence|security) (?:service|agency|agencies|organi[sz]ation|directorate)s?\b[^.;]{0,40}\b(?:may|shall|can)\b(?!\s+(?:not|be)\b)",
    r"(?:when|where|if) (?:so )?(?:required|requested|directed|ordered) (?:to do so )?by",
    r"(?:for|enable|allow|permit) (?:the |a )?(?:minister|judge|court|magistrate|commissioner|director|prosecutor)\w* to (?:issue|grant|order|authori[sz]e|approve)",
    r"(?:any|every|a) person\b[^.;]{0,80}\bshall\b[^.;]{0,80}\b(?:hand over|produce|disclose|provide|surrender|assist|decrypt|render)",
    r"(?:a |an |the )?(?:warrant|order|direction|notice|request) (?:may|shall) be (?:issued|made|given|served)",
    r"(?:apply|application)\w* (?:to (?:a|the) )?(?:judge|court|magistrate)\w*[^.;]{0,40}(?:for|warrant|order)",
    # "Where a magistrate is satisfied …, he may issue a warrant authorising a police officer to …"
    r"\b(?:he|she|it|they|the (?:judge|court|magistrate)) may (?:issue|grant|make) (?:a |an )?(?:warrant|order)",
    # "ensure that the investigating judge may use technical means to collect …"
    r"(?:judge|court|magistrate|prosecutor)s?\b[^.;]{0,20}\bmay (?:use|employ|carry out|conduct|collect|record|intercept|search|seize)\b",
    r"(?:warrant|order) (?:authori[sz]ing|empowering|directing|requiring)\b",
    # "the investigators have the right to seize", "the judicial police are entitled to record"
    r"(?:police|officers?|officials?|investigators?|prosecutors?|prosecution|bod(?:y|ies)|authorit(?:y|ies)|agenc(?:y|ies)|organs?|services?|inspectors?)\b[^.;]{0,60}?\b(?:ha(?:s|ve) the right|(?:is|are) entitled) to\b",
])

AUTHORISER = _compile({
    "judge": [r"(?:investigating |examining |competent |pre-trial |independent )?(?:judges?|magistrates?|justices? of the peace)",
              r"(?:independent |competent )?judicial (?:authorit\w*|officers?|body|bodies)",
              r"(?:high |district |supreme |competent |magistrates'? |criminal )?courts?", r"judicial (?:authorit\w*|officers?|order|warrant|authori[sz]ation|approval|decision|ruling|permission|sanction)",
              r"(?:juge|juez|giudice)"],
    "independent-body": [r"independent (?:authorit\w*|body|bodies|commissioner|oversight|tribunal|commission|panel|board)",
                         r"(?:privacy|data protection|information|interception|surveillance) commissioner",
                         r"parliamentary (?:committee|commission|panel|oversight)", r"tribunal",
                         r"commissioner(?! (?:of|general of) police)(?![- ]general)"],
    "prosecutor": [r"director of public prosecutions?", r"(?:public |state |chief |federal )?prosecutors?", r"procurator\w*", r"prosecution (?:service|office)",
                   r"(?:the )?(?:public|state) prosecution", r"public ministry", r"office of the (?:public )?prosecutor",
                   r"\bDPP\b"],
    "executive": [r"(?:the |a |any )?minister\b", r"cabinet secretary", r"secretary (?:of|for) (?!the\b)\w+", r"(?:the )?president\b",
                  r"prime minister", r"(?:the )?government\b", r"head of (?:the )?(?:agency|service|state)",
                  r"director[- ]general", r"head of (?:the )?(?:[\w-]+ )?(?:agency|service|department|ministry|bureau|office)",
                  r"director of (?:the )?(?:[\w-]+ ){0,5}(?:bureau|agency|service|office|department)", r"attorney[- ]general",
                  r"(?:the )?(?:agency|authority|regulator|centre|commission)\b",
                  # "the authorised body", "the designated State body": an executive agency of a law in translation
                  r"(?:authori[sz]ed|designated|competent) (?:state |government |executive )?bod(?:y|ies)\b",
                  r"(?:intelligence|security) (?:service|agency|agencies|organi[sz]ation|directorate)s?\b",
                  # an office the Act names ("the Controller may", "the Controller is satisfied"), not a data
                  # controller or "a controller" of critical information, who owe duties
                  r"(?<!data\s)(?<!\ba\s)controller\b(?=\s+(?:may|is satisfied|considers|deems|has reason))",
                  r"director\b(?! of public prosecutions?)"],  # last: a longer name of the same office first
    "police": [r"(?:senior |superior |chief |gazetted |high[- ]ranking )(?:police |law enforcement )?(?:officers?|officials?)",r"(?:senior |superior |gazetted )?(?:police|law enforcement) officers? (?:of|not below|above) (?:the )?rank",
               r"(?:inspector|commissioner)[- ]general of police", r"commissioner of police", r"chief of police",
               r"officer in charge", r"head of (?:the )?(?:police|investigat\w*|unit)", r"(?:superintendent|senior officer)",
               r"(?:chief|head|commander|director)s? of (?:the )?(?:[\w-]+ ){0,2}police", r"police officers?", r"law enforcement (?:officers?|authorit(?:y|ies))", r"authori[sz]ed officers?", r"(?:judicial |criminal |the )police"],
})
# Words that make an authority the one who authorises ("with the approval of",
# "X may issue a warrant", "ordered only by X", "apply to X for", "X-issued warrant").
AUTHORISING_BEFORE = _lazy("AUTHORISING_BEFORE", 
    r"(?:(?:authori[sz]\w*|authority|approv\w*|consent|permission|leave|warrants?|orders?|ordered|direct(?:ion|ed)|instructions?|issued|granted|signed|subpoena|required(?: to do so)?|requests?|requested|demanded|"
    r"sanction(?:ed)?|decision|decided|confirmation|confirmed)(?:\s+(?:only|solely|in writing|first|previously))?\s+(?:of|from|by|with)"
    r"|(?:application|appl(?:y|ies|ied|ying)|submitted|referred|made)\s+(?:[\w-]+\s+){0,2}?to"
    # "on the basis of a reasoned judicial decision"
    r"|(?:on|upon|under)\s+the\s+(?:basis|strength)\s+of(?:\s+(?:an?|the))?(?:\s+(?:reasoned|written|prior))?)"
    r"\s+(?:an?\s+|the\s+|any\s+|such\s+|competent\s+)?(?:(?:officers?|officials?|members?|heads?)\s+of\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?)?"
    r"(?:(?:sessions|district|circuit|chief|senior|resident|principal|duty)\s+)?$",  # "the sanction of a Sessions Judge"
    _FLAGS)
AUTHORISING_AFTER = _lazy("AUTHORISING_AFTER", 
    r"^[^.;]{0,100}?\b(?:may|shall|can|is to|must)\b[^.;]{0,60}?\b(?:issue|grant|order|authori[sz]e|approve|sanction|permit|confirm|direct|require|compel|instruct)\w*"
    # "a court order", "on the basis of a court decision", "a judge's ruling"
    r"|^(?:'s)?\s*(?:warrants?|orders?|decisions?|rulings?|authori[sz]ation|approval|permission|sanction)\b|^[-‑]?(?:issued|ordered|authori[sz]ed|approved)\b"
    r"|^\s*(?:has|have|had)\s+(?:issued|granted|authori[sz]ed|ordered|approved|signed)\b|^[^.;]{0,60}?\bso\s+(?:demands?|requests?|requires?|directs?|orders?)\b"
    # "a magistrate is satisfied … that …, he may issue a warrant", "the court finds …, it shall issue an order":
    # the condition may run long
    r"|^(?:\s+of\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?\s*(?:(?:is|are)\s+satisfied|finds?|determines?|considers?|deems?|(?:is|are)\s+of\s+(?:the\s+)?opinion)\b[^.;]{0,250}?\b(?:he|she|it|they)\s+(?:may|shall)"
    r"(?:,[^.;]{0,80},)?\s+(?:issue|grant|make|order|direct|require|authori[sz]e)\b",
    _FLAGS)
# A warrant named as the one there is no time to get ("the delay in obtaining a
# warrant", "the time needed to obtain a warrant"): nobody authorises by it.
WARRANT_FORGONE = _lazy("WARRANT_FORGONE", r"\b(?:delay|time (?:needed|taken|required)|no time|waiting|impracticable|impossible|unable|cannot|"
                             r"not (?:reasonably )?(?:possible|practicable))\b(?:\s+\w+){0,2}\s+$", _FLAGS)
# A judge who carries out the measure ("the investigating judge may use technical
# means to record …", as a civil-law code has it): the measure is judicial.
JUDGE_ACTS = _lazy("JUDGE_ACTS", r"[^.;]{0,20}?\b(?:may|shall)\s+(?:use|employ|carry out|conduct|collect|record|intercept|search|seize)\b",
                        _FLAGS)
NOT_AUTHORISING = _lazy("NOT_AUTHORISING", r"(?:inform|notif|report|submit|brief|lay before|present)\w*\s+(?:\w+\s+){0,3}$"
                             r"|\bwithout\s+(?:the\s+|any\s+|a\s+|prior\s+|previous\s+)*(?:authori[sz]ation|approval|leave|consent|"
                             r"order|warrant|review|intervention)\s+(?:of|from|by)\s+(?:an?\s+|the\s+|any\s+)?$"
                             # "without a court order", "without first obtaining an order from a judge"
                             r"|\bwithout\s+(?:[\w-]+\s+){0,7}$"
                             # "if there is no time to obtain the permission of the Public Prosecution"
                             r"|\b(?:no time|not (?:possible|practicable)) to (?:obtain|get|seek|secure)\s+(?:[\w-]+\s+){0,5}$", _FLAGS)
# "a warrant issued by the Director-General": the warrant is that authority's, not a judge's.
WARRANT_ISSUER = _lazy("WARRANT_ISSUER", r"\s*(?:,\s*)?(?:issued|signed|granted|given|made)\s+by\b", _FLAGS)
WARRANT_ALONE = _one([r"(?:under|by|with|upon|on|pursuant to) (?:the authority of )?(?:a|an|the) (?:valid |duly issued )?warrant",
                      r"warrant (?:is|has been|was) (?:duly |properly |lawfully )?(?:issued|obtained|granted)",
                      r"(?:securing|obtaining|obtain|secure|after obtaining) (?:a |an )?(?:court |judicial )?warrant",
                      r"warrant issued under (?:this|section|article)"])
WARRANTLESS = _one([r"without (?:a |any |the |further |prior )?(?:warrant|court order|judicial (?:order|authori[sz]ation)|order of (?:a|the) court)",
                    r"without (?:the |any |a )?(?:prior |previous )?(?:authori[sz]ation|approval|leave|review) (?:of|from|by) (?:a |an |the |any )?(?:judge|court|magistrate)",
                    r"(?:need|needs|require|requires) no warrant",
                    r"in (?:cases? of )?urgen\w*[^.;]{0,80}(?:without|before|prior to) (?:obtaining )?(?:a |the )?(?:warrant|authori[sz]ation|order)"])

# A subsidiarity test ("the evidence could not be obtained by a less intrusive
# method"): a test only a measure of investigation is put to, so words that
# state it are a condition on a power even where they name no measure. (Not
# read as the standard of necessity: a safeguard provision's standards count for
# every power of the instrument, and this test is on one power.)
_SUBSIDIARITY = r"(?:cannot|could not|can not|would not)\s+(?:\w+\s+)?be (?:obtained|secured|established|gathered) (?:by|through|with) (?:a |any )?(?:other|less intrusive|less invasive|ordinary) (?:investigative )?(?:means|measures?|methods?|techniques?|steps?)"
SUBSIDIARITY = _one([_SUBSIDIARITY,
                     # "only where less intrusive measures would not suffice"
                     r"(?:(?:less|no less) (?:intrusive|invasive|restrictive)|other(?: investigative)?) (?:means|measures?|methods?|techniques?)\s+"
                     r"(?:would|could|will|do|does|did) not (?:suffice|be sufficient|be adequate|achieve|serve)"])

STANDARD = _compile({
    "necessity": [r"necessary(?= and proportionate)", r"necessary (?:or expedient )?in the interests? of", r"necessary (?:and proportionate|in a democratic society|for the (?:purposes? of )?(?:the )?(?:investigation|prevention|detection|prosecution|protection)|to (?:prevent|investigate|detect|protect))",
                  r"strictly necessary", r"necessity", r"absolutely necessary",
                  r"subsidiar\w*", r"no other (?:investigative )?(?:means|measures?|methods?|techniques?)", r"(?:other|less intrusive|less invasive|ordinary) (?:investigative )?(?:means|measures?|methods?|techniques?)[^.;]{0,60}(?:unlikely|insufficient|failed|not (?:be )?(?:sufficient|effective|available)|would not)"],
    "proportionality": [r"proportional\w*", r"proportionate"],
    "reasonable-grounds": [r"reasonable (?:grounds|cause|suspicion)", r"(?:precise|specific|concrete|serious|strong|sufficient) (?:evidence|indications?|facts|grounds|suspicion)", r"reasonably (?:believ|suspect)\w*", r"probable cause", r"(?:has|have|having) reasons? to (?:believe|suspect)",
                           r"(?:serious|specific|concrete) (?:grounds|suspicion|facts|indications)", r"grounds (?:to believe|for believing|for suspecting)"],
    "serious-offence": [r"serious (?:crimes?|offen[cs]es?|criminal offen[cs]es?)", r"(?:grave|serious) (?:criminal )?(?:conduct|cases)",
                        r"punishable (?:by|with) (?:a )?(?:maximum )?(?:term of |penalty of |deprivation of liberty of |imprisonment (?:of|for) )(?:at least|not less than|a maximum of|more than|a term of)",
                        r"punishable (?:by|with) (?:more than|at least|not less than|a minimum of) (?:\w+ )?(?:\(\d+\) )?years?",
                        r"not (?:in )?(?:minor|petty) (?:cases|offen[cs]es)", r"(?:offences?|crimes?) listed in", r"catalogue of (?:offences|crimes)"],
})
TIME_LIMIT = _one([r"(?:lasts?|valid|remains? in force|in force|has effect)\w* (?:for )?(?:no longer than|not (?:more|longer) than|up to|at most|a (?:maximum )?period of)",r"limited to (?:a (?:period|maximum) of )?\w+ (?:\(\d+\) )?(?:days?|months?|hours?|weeks?)", r"(?:at most|no more than|not more than|up to|a maximum of) \w+ (?:\(\d+\) )?(?:days?|months?|hours?|weeks?)",r"(?:period|duration|term) (?:of|not exceeding|not more than|up to|no longer than) [^.;]{0,20}(?:days?|months?|hours?|weeks?)",
                   r"not exceeding \w+ (?:\(\d+\) )?(?:days?|months?|hours?|weeks?)", r"(?:for|within|up to) (?:a period of )?(?:\w+ )?(?:\(\d+\) )?(?:days?|months?|hours?|weeks?)",
                   r"(?:shall )?(?:expire|cease to have effect|lapse)", r"maximum (?:period|duration) of"])
NOTIFICATION = _one([r"served on the (?:person|persons|individual|subject|owner|user)s?", r"(?:person|persons|individual|subject|user)s?(?:[^.;]|(?<=Art)\.|(?<=No)\.){0,80}(?:shall|must|will) be (?:notified|informed|told)",r"notif\w*[^.;]{0,60}(?:person|persons|subject|individual|owner|user|concerned)",
                     r"(?:person|persons|subject|individual)s? concerned shall be (?:informed|notified)", r"inform\w* the (?:person|persons|subject|individual|data subject|user)"])
REMEDY = _one([r"sue\b", r"recover (?:damages|compensation)", r"(?:civil )?(?:action|claim) for damages",r"(?:lawfulness|legality) (?:reviewed|examined|challenged|determined)",r"(?:apply|application|appeal)\w* to (?:the |a |any )?(?:competent )?court", r"(?:review|examine|determine) (?:of )?the lawfulness", r"lawfulness of the (?:measure|order|interception|search|seizure)",r"remed(?:y|ies)", r"appeal\w*", r"(?:challenge|contest)\w*", r"complain\w*", r"compensation", r"judicial review",
               r"(?:shall not be |in)admissible", r"redress"])
OVERSIGHT = _one([r"oversight", r"report\w*[^.;]{0,100}(?:parliament|national assembly|legislature|congress|senate)", r"oversees?\b", r"receives? (?:a |an )?(?:annual |periodic )?reports?", r"(?:parliament|legislature)\w*[^.;]{0,40}(?:committee|report)", r"supervis\w*", r"report\w* (?:annually |each year |periodically )?to (?:the )?(?:parliament|national assembly|legislature|congress)",
                  r"audit\w*", r"review\w* by (?:an? )?(?:independent|judicial|parliamentary)"])
LIMITED_DUTY = _one([r"within (?:its|their) existing technical capabilit\w*", r"as is reasonable", r"reasonable (?:technical )?assistance",
                     r"(?:specified|named|identified) in (?:the|a) (?:warrant|order)", r"to the extent (?:necessary|required|technically feasible)",
                     r"reasonably (?:required|necessary|practicable)", r"compensat\w*"])
SCOPE = _compile({
    "any-crime": [r"for (?:an?|any) (?:criminal )?offen[cs]e\b(?! (?:established|under this|referred|set out|in this|against this|covered|listed|specified))",r"(?:any|all|other) (?:other )?(?:criminal )?(?:offen[cs]es?|crimes?)(?! established| under this| referred| set out| in this| against this| covered| punishable (?:by|with)[^.;]{0,60}(?:at least|not less than|more than|exceeding))",
                  r"evidence in electronic form of (?:a|any) (?:criminal )?offen[cs]e", r"offen[cs]es? under (?:this (?:act|law) or )?any other (?:written )?(?:law|enactment|legislation)",
                  r"(?:a|any) (?:criminal )?offen[cs]e (?:under|against) (?:any|the) (?:written )?laws?",
                  # "investigations or proceedings concerning criminal offences": any offence at all
                  r"(?:concerning|relating to|in respect of) criminal offen[cs]es\b(?! (?:established|under this|referred|set out|in this|against this|covered|listed|specified|defined))"],
    "serious-crime": [r"serious (?:crimes?|offen[cs]es?|criminal offen[cs]es?)", r"range of serious offen[cs]es",
                      # "any offence punishable by imprisonment of at least four years": a threshold of seriousness
                      r"(?:offen[cs]es?|crimes?) punishable (?:by|with)[^.;]{0,60}(?:at least|not less than|more than|exceeding) \w+ (?:\(\d+\) )?years?"],
    "instrument-offences": [r"(?:offen[cs]es?|crimes?) (?:established|set out|referred to|defined|provided for|covered|stipulated|specified) (?:in accordance with|in|under|by) (?:articles?|this)",
                            r"crimes? (?:under|against|of) this (?:act|convention|law|decree|code|part|chapter)",
                            r"offen[cs]es? (?:under|against) this (?:act|convention|law|part|chapter)",
                            r"offen[cs]es? (?:under|in|referred to in|covered by) (?:articles?|sections?|§+) ?\d"],
})

# -- offences ----------------------------------------------------------------
CONDUCT = _compile({
    "non-compliance": [r"fails? (?:without (?:reasonable|lawful) excuse )?to comply", r"(?:obstruct|hinder)\w* (?:an? |the |any )?(?:officer|authorit|investigat|inspector)",
                       r"contravenes? (?:an? |the |any )?(?:order|direction|notice|warrant|requirement)", r"fails? to (?:provide|produce|render|furnish|assist|preserve|retain|keep|disclose|report|notify)",
                       r"refus\w* to (?:comply|provide|produce|assist)",
                       # "Refusal without a legitimate reason shall be sanctioned with a fine"
                       r"refus(?:al|es|ing)\b[^.;]{0,20}\bwithout (?:a |any )?(?:legitimate|lawful|reasonable|valid) (?:reason|excuse|cause|grounds?)"],
    "accessory": [r"(?:urg|incit|induc|persuad|help|encourag)\w* (?:another|any|that|a) (?:other )?person\b[^.;]{0,40}to commit",
                  r"(?:urg|incit|induc|persuad|help|encourag)(?:e|es|s|ed|ing)? (?:or \w+ )?(?:another|others)\b (?:to|in) \w+",r"aid\w*(?:,)? (?:or |and )?abet\w*", r"assists? (?:another|any (?:other )?person|others?) (?:in|to)", r"abet\w*", r"attempts? to commit", r"conspir\w*", r"(?:counsel|procure)s? (?:the )?commission"],
    "child-abuse-material": [r"(?:images?|material|depictions?|representations?|videos?|photographs?|recordings?)[^.;]{0,40}(?:child|children|minor)\w*[^.;]{0,40}sexual\w*",
                             r"sexual (?:abuse|exploitation) of (?:a |any )?(?:child|children|minors?)",r"child (?:pornograph\w*|sexual abuse material|abuse material|sexual exploitation material)", r"(?:grooming|solicitation) of (?:a )?(?:child|children|minor)",
                             r"sexually explicit[^.;]{0,80}(?:child|minor|person under)", r"(?:child|children|minor)[^.;]{0,40}sexually explicit", r"(?:child|minors?) (?:grooming|solicitation)"],
    # "fraudulently" says how an act is done (a mental element), not that it is a fraud
    "fraud": [r"fraud(?!ulently\b)\w*", r"(?:cheat|swindl)\w*", r"gets? (?:money|property|a benefit)", r"loses? (?:property|money|assets|funds)", r"(?:unlawful|illegal|illicit|undue) (?:profit|gain|enrichment)", r"loss of (?:assets|money|funds)", r"financial loss", r"(?:economic|financial|pecuniary|material|property) (?:benefit|advantage|gain|loss)", r"loss of property", r"obtain\w*[^.;]{0,40}(?:money|property|benefit|advantage)",
              r"deceiv\w*", r"(?:phish|scam)\w*", r"identity theft",
              # "in order to enrich himself unlawfully", "a transfer of money to the prejudice of another person"
              r"enrich\w*(?: (?:himself|herself|itself|oneself|themselves|another|others|a third party))? (?:unlawfully|illegally|unjustly|without (?:just )?cause)",
              r"(?:money|funds|assets|property|monetary value)[^.;]{0,40}\bto the (?:prejudice|detriment) of (?:another|a third|any other|others)"],
    "forgery": [r"forg\w*", r"inauthentic", r"falsif\w*", r"(?:seem|appear|purport)\w* to (?:come|originate|have been (?:made|issued|sent)|be) (?:from|by)",
                r"(?:as if|as though) (?:it|they) (?:were|was) (?:genuine|authentic)", r"(?:considered|treated|acted upon) (?:or acted upon )?as if (?:it were )?authentic", r"counterfeit\w*"],
    "cyber-enabled": [r"in (?:committing|the commission of) (?:any|an) (?:other )?offen[cs]e[^.;]{0,120}uses? (?:a |an )?(?:computer|ict|information system|network|device)",
                      r"in addition to the (?:punishment|penalty|sentence) (?:provided|prescribed) for (?:that|the) offen[cs]e",r"(?:any|an|the) (?:criminal )?offen[cs]e[^.;]{0,80}(?:when |where |if |is )?committed (?:by means of|through|using|with the use of|via|by the use of|by use of|in the use of) (?:the use of )?(?:a |an |the )?(?:computer|ict|information and communications? technolog|internet|social media|electronic|digital)",r"(?:an? |any )?(?:offen[cs]e|crime) (?:under|against|punishable under|created by|defined in|in) (?:any (?:other )?|another |other )(?:written )?(?:law|enactment|treaty|legislation|statute|act)",
                      r"(?:any )?other (?:unlawful|illegal|criminal|wrongful) (?:acts?|activit\w*|conduct)[^.;]{0,60}(?:computer|ict|information and communications? technolog\w*|electronic|cyber|internet|network)",
                      r"(?:for|in) (?:an? )?(?:activity|purpose|act) which (?:constitutes|is) an offen[cs]e under any",
                      # "commits an offence under the Penal Code by means of a computer system"
                      r"commit\w* (?:an? |any )?(?:offen[cs]e|crime)s? (?:under|against|punishable under) (?:the |any )?(?:[\w-]+ ){0,4}(?:code|act|law|laws|enactment)\b[^.;]{0,40}(?:by means of|through|using|with the use of|via|by the use of) (?:a |an |the )?(?:computer|ict|information|internet|electronic|digital)",
                      r"(?:crime|offen[cs]e)s? committed (?:by means of|through|using|with the use of|via) (?:a |an )?(?:computer|ict|information and communications? technolog\w*)",
                      # "commits, by means of a computer, any felony or misdemeanour punishable under the Penal
                      # Code or any other law" (the verb required: a penalty clause "without prejudice to the
                      # crimes provided for in ... or any other law" creates no offence)
                      r"commit\w*,?(?: (?:by means of|through|using|via|with the (?:use|aid) of|by the use of) [^.;]{0,80}?,?)? (?:an? |any )?(?:felon(?:y|ies)|misdemean(?:ou)?rs?|offen[cs]es?|crimes?)(?: or (?:an? |any )?(?:felon(?:y|ies)|misdemean(?:ou)?rs?|offen[cs]es?|crimes?))? (?:punishable|provided for|defined|established|penali[sz]ed) (?:under|by|in) [^.;]{0,40}? or (?:in |under |by )?(?:any (?:other )?|another |other )(?:written )?(?:law|laws|enactment|legislation|statute)",
                      # "the commission of any crime provided for by the Criminal Code with the use of networks"
                      r"commission of (?:an? |any )?(?:felon(?:y|ies)|misdemean(?:ou)?rs?|offen[cs]es?|crimes?)\b[^.;]{0,80}?\b(?:by means of|through|using|with the use of|via|with the aid of|by the use of) (?:a |an |the )?(?:computer|ict|information|internet|network|electronic|digital)",
                      r"(?:felon(?:y|ies)|offen[cs]es?|crimes?)[^.;]{0,120}(?:committed|carried out|perpetrated|done|performed) (?:by means of|through|using|with the use of|via|with the aid of) (?:a |an |the )?(?:computer|ict|information and communications? technolog\w*|internet|network|electronic)"],
    "content": [r"false\w*", r"fake news", r"untrue", r"misleading", r"rumou?r\w*", r"disinformation", r"misinformation",
                r"extremis\w*", r"separatis\w*", r"insult\w*", r"blasphem\w*", r"religious (?:feelings|sentiments)", r"defam\w*",
                r"libel\w*", r"slander\w*", r"public (?:order|morals?|morality|peace|tranquillity)", r"national (?:unity|harmony|security)",
                r"(?:ethnic|tribal|religious|racial|social) (?:divisions?|discord|hatred|hostility|enmity|tension)", r"incit\w*",
                r"hatred", r"obscene", r"indecent", r"lewd", r"humiliat\w*", r"annoy\w*", r"inconvenience", r"ridicule",
                r"glorif\w*", r"propaganda", r"subversi\w*", r"(?:panic|alarm|fear|anxiety|distress)", r"disaffection",
                r"reputation", r"(?:offensive|menacing) character", r"grossly offensive", r"racist", r"xenophobic",
                r"genocide", r"crimes against humanity", r"(?:honou?r|dignity|modesty|good name)",
                r"(?:stir|sow|cause|caus|promot|incit|foment|provok)\w*[^.;]{0,30}(?:divisions?|discord|disunity|animosity|enmity|hostility|strife)", r"apolog\w* (?:of|for) terror\w*", r"terroris\w*"],
    "interception": [r"intercept\w*", r"(?:listen|eavesdrop)\w*", r"non-public transmissions?",
                     r"captur\w*[^.;]{0,60}(?:transmissions?|communications?|signals?|emissions?)", r"by technical means",
                     # "captures the contents of a message … while it is being sent", "copies data in the course of its transmission"
                     r"(?:captur|cop|record|obtain|acquir)\w*[^.;]{0,80}(?:while (?:it is |they are )?being (?:sent|transmitted|communicated)|in the course of (?:its |their )?transmission)",
                     # "captures messages or data passing between two computer systems"
                     r"(?:captur|cop|record|obtain|acquir|read)\w*[^.;]{0,40}(?:data|messages?|communications?|signals?) (?:passing|travelling|in transit|moving|sent) (?:between|from|to)"],
    "system-interference": [r"(?:computer|information|network)?\s?(?:systems?|networks?|servers?)\b[^.;]{0,20}?\b(?:to )?(?:stop|stops|stopped|cease|ceases|ceased)\s+(?:working|functioning|operating|to (?:work|function|operate))\b",
                            r"(?:serious )?(?:hinder|disrupt|obstruct|interrupt|impair|interfer|sabotag|overload|paralys|crippl|slow\w* down|flood|overwhelm|disabl)\w*[^.;]{0,60}(?:functioning|operation|system|network|service|infrastructure|electronic communications?)",
                            r"denial of service",
                            # "causes a computer resource used by the Government to stop functioning"
                            r"(?:caus|mak|forc)\w*[^.;]{0,60}\bto (?:stop|cease) (?:working|functioning|operating)\b", r"(?:render|make)\w* (?:a |the |any )?(?:computer|system|network)[^.;]{0,20}(?:inoperable|unusable|inaccessible)"],
    "data-interference": [r"introduc\w*[^.;]{0,40}(?:malicious|virus|viruses|malware|worms?|trojans?|ransomware)",
                          r"render\w*[^.;]{0,30}(?:data|information|programs?)[^.;]{0,30} (?:meaningless|useless|ineffective|unusable|unreadable)",r"(?:damag|delet|deteriorat|alter|suppress|modif|eras|corrupt|destroy|encrypt|render\w* inaccessible)\w*[^.;]{0,60}(?:data|information|programs?|files?)",
                          r"(?:data|information|programs?)[^.;]{0,30}(?:damag|delet|deteriorat|alter|suppress|modif|eras|corrupt|destroy)\w*",
                          # "unauthorised modification of the contents of any computer", "of computer material"
                          r"(?:damag|delet|deteriorat|alter|suppress|modif|eras|corrupt|destroy)\w*[^.;]{0,20}\b(?:(?:the )?contents? of (?:a |an |any |the )?(?:[\w-]+ )?(?:computers?|systems?|devices?|storage media)|computer (?:material|contents))"],
    "misuse-of-devices": [r"(?:devices?|tools?|programs?|software|malware|malicious (?:software|code)|passwords?|access codes?|credentials)[^.;]{0,80}(?:produc|sell|sale|procur|import|distribut|mak\w* available|possess|supply|offer)\w*",
                          r"(?:produc|sell|sale|procur|import|distribut|mak\w* available|possess|supply|supplying|offer|creat|develop|design|making)\w*[^.;]{0,80}(?:devices?|tools?|(?:computer )?programs?|software|malware|malicious (?:software|code)|passwords?|access codes?|credentials)"],
    "disclosure": [r"(?:publish|publication|disclos|distribut|communicat|transmi|mak\w* available)\w*[^.;]{0,60}(?:data|information|documents?)[^.;]{0,40}(?:obtained|acquired|accessed) (?:without (?:right|authori[sz]ation|authority|consent)|unlawfully|illegally)",r"(?:disclos|" + _COMMUNICATES + r"|transmi(?!ssion\s+(?:networks?|systems?|lines?|infrastructures?))|publish|divulg|reveal|leak|pass)\w*[^.;]{0,80}(?:classified|secret|confidential|critical information|national security|official|protected|sensitive) (?:information|data|documents?|infrastructure)?",
                   r"possess\w*[^.;]{0,40}(?:unauthori[sz]ed|classified|secret|confidential|protected) (?:data|information|documents?)",
                   r"(?:classified|secret|confidential|critical) (?:information|data)[^.;]{0,60}(?:disclos|" + _COMMUNICATES + r"|transmit|possess|obtain)\w*"],
    "access": [r"(?:gain|gains|gaining|gained|obtain\w*|secur\w*|get|gets|getting|seek\w*|hav\w*) (?:unauthori[sz]ed |unlawful |illegal |illegitimate )?(?:access|entry)",
               r"access\w*[^.;]{0,50}(?:computers?|systems?|networks?|devices?|data|information|accounts?|premises|servers?|websites?|ict)",
               r"(?:unauthori[sz]ed|illegal|unlawful|illegitimate) access", r"hack\w*", r"intru(?:de|des|ded|ding|der|ders|sion|sions)\b", r"(?:enter|log)\w* (?:in(?:to)?|on(?:to)?) (?:a |an |any )?(?:computer|system|network|account)",
               r"remains? in (?:a |the )?(?:computer|system)",
               r"(?:enter|remain|access)\w*[^.;]{0,40}(?:automated|data processing|information processing) (?:data )?(?:processing )?systems?",
               r"(?:entry|enter\w*|intrusion|remain\w*)[^.;]{0,50}(?:whole or (?:any )?part|all or (?:any )?part) of (?:an? |the |any )?[\w ]{0,30}systems?",
               r"(?:enter|entry|entries|penetrat|break|breaks|broke|intrud|infiltrat|log|logs|logged|logging)\w*(?: into| in(?:to)?| on(?:to)?)?[^.;]{0,30}(?:information (?:systems?|infrastructure)|computers?|computer systems?|networks?|devices?|accounts?|servers?|websites?|mailbox\w*)", r"exceed\w* (?:authori[sz]ed )?access", r"in excess of (?:his |her |its |their )?(?:authori\w*|authority)"],
})
# The offence of the part before, named again ("assists another in spreading
# such information", "urges another to share such a message").
SUCH_OFFENCE = _one([r"such (?:an? )?(?:offen[cs]es?|conduct|acts?|information|material|messages?|content|data|statements?|claims?|publications?)\b"])
# Which conduct wins when several are read in one offence: the first listed.
CONDUCT_ORDER = ("non-compliance", "child-abuse-material", "cyber-enabled", "fraud", "forgery",
                 "disclosure", "content", "accessory", "misuse-of-devices", "interception", "system-interference",
                 "data-interference", "access")

MENTAL = _compile({
    "dishonest": [r"dishonest\w*", r"malicious\w*", r"fraudulent\w*", r"in bad faith", r"mala fide", r"with (?:malice|malicious intent)", r"corrupt(?:ly)", r"with (?:the |an |a |specific )?(?:intent|intention|purpose|aim|object|view)(?:ion)? (?:to|of|that)",
                  r"(?:intending|intended|in order|so as) to (?:obtain|cause|commit|defraud|deceive|damage|harm|gain|facilitate|extort|steal|injure)",
                  # an element of the offence written as "the person intends to commit … a serious offence"
                  # ("intends to cause the access" is the access intended, no more)
                  r"intends to (?:commit|facilitate|defraud|deceive|obtain|gain|extort|steal|injure|cause (?:serious )?(?:damage|harm|loss|injury|detriment))",
                  r"for the purpose of (?:committing|obtaining|causing|defrauding|facilitating|extorting|gaining)",
                  r"(?:infring|circumvent|breach|bypass|defeat|overcom|break)\w* (?:any |a |the )?(?:security|protection|technical) (?:measures?|protections?|features?|mechanisms?)",
                  r"knowing(?:ly)? that[^.;]{0,40}(?:will|would|is likely to|may) (?:cause|result)", r"with a view to",
                  r"(?:defeat|circumvent|bypass|overcom|break|crack|disabl|evad|get\w* (?:a)?round)\w*[^.;]{0,40}(?:device|password|encryption|protection|safeguard|lock|security)",
                  r"(?:seek|aim|intend|pursu)\w* (?:an? )?(?:unlawful|illegal|illicit|undue|improper) (?:profit|gain|advantage|enrichment|benefit)",
                  r"(?:in order|so as|intending|intended) to (?:mislead|profit|enrich|benefit|gain|harm|injure|deceive)",
                  r"(?:meaning|aiming|seeking|wanting|trying) to (?:cheat|defraud|obtain|cause|harm|damage|deceive|steal|extort|gain)"],
    "intentional": [r"intentional\w*", r"knowing\w*", r"know(?:s|n)?\b(?! as\b)", r"wil+ful\w*", r"deliberate\w*", r"purposely", r"on purpose",
                    r"reckless\w*"],
})
WITHOUT_RIGHT = _one([r"without (?:right|authori[sz]ation|authority|lawful (?:authority|excuse|justification)|legal (?:authority|justification|basis)|permission|consent|(?:being )?(?:entitled|authori[sz]ed))",
                      r"without (?:a |any )?(?:legal|lawful|legitimate) right",
                      r"without (?:the )?(?:consent|permission|authori[sz]ation|approval) of", r"illegitimate(?:ly)?\b",
                      r"without (?:just|reasonable|legitimate|lawful|good) (?:cause|reason|excuse|grounds?)",
                      r"unauthori[sz]ed", r"unlawful\w*", r"illegal\w*", r"not authori[sz]ed", r"in excess of (?:his |her |its |their )?(?:authori\w*|authority)",
                      r"exceed\w* (?:authori[sz]ed )?access", r"without being entitled",
                      r"not (?:permitted|entitled|allowed) to (?:use|access|enter|receive|see)"])
HARM = _one([r"serious (?:harm|damage|hinder\w*|disruption|loss|injury|consequences)", r"(?:significant|substantial|considerable|grave) (?:harm|damage|loss|disruption)",
             r"(?:not|excluding) (?:in )?minor cases", r"seriously (?:hinder|disrupt|damag|impair)\w*"])
PENALTY = _one([r"imprisonment", r"imprisoned", r"prison (?:sentences?|terms?)", r"fined", r"punished as provided", r"(?:a |to a )?fine\b", r"penalt\w*", r"punish\w*", r"liable (?:on|to)", r"custodial", r"deprivation of liberty", r"penalty units?"])
# A presumption standing alone, outside an offence ("The subscriber … shall be
# presumed to be its author unless the contrary is proven"): the presumption and
# its rebuttal both, since "the presumption of innocence" is no reverse burden.
PRESUMPTION_AGAINST = _one([r"(?:shall be|is|are) presumed\b[^.;]{0,200}\b(?:unless|until) the contrary is (?:proved|proven|shown|established)",
                            # "shall be deemed to …, until the contrary is shown", "presumed … unless he proves otherwise"
                            r"(?:shall be|is|are) (?:presumed|deemed)\b[^.;]{0,200}\b(?:unless|until) (?:the contrary is (?:proved|proven|shown|established)|(?:he|she|they|it|the (?:accused|defendant|person(?: charged)?)) (?:proves?|shows?|establish(?:es)?) (?:otherwise|the contrary))",
                            r"burden (?:of (?:proof|proving))?[^.;]{0,80}(?:lie|lies|rest|rests|is|be|shall be|placed) (?:on|upon|with) (?:the )?(?:accused|defendant|person charged)"])
REVERSE_BURDEN = _one([r"(?:shall be|is) presumed", r"presumption", r"(?:unless|until) the contrary is (?:proved|proven|shown|established)",
                       r"(?:unless|until) (?:he|she|they|the (?:accused|defendant)) (?:proves?|shows?) (?:otherwise|the contrary)",
                       r"burden (?:of (?:proof|proving))?[^.;]{0,80}(?:lie|lies|rest|rests|is|be|shall be|placed) (?:on|upon|with) (?:the )?(?:accused|defendant|person charged)",
                       r"(?:accused|defendant) (?:shall )?(?:prove|proves|bear)"])

DEFENCE = _compile({
    "research": [r"(?:security |vulnerability )?research\w*", r"penetration test\w*", r"security test\w*", r"vulnerabilit\w*",
                 r"(?:test|examin|assess|check|audit|prob)\w* (?:the )?security of", r"(?:report|disclos|notif)\w*[^.;]{0,20} (?:weakness|flaw|security hole|security gap)\w*",
                 r"(?:csirt|cert|incident response team)", r"good[- ]faith (?:testing|research|investigation|security)"],
    "authorised-testing": [r"authori[sz]ed testing", r"testing or protection",
                           r"(?:to |for )(?:the purpose of )?(?:test\w*|protect\w*)(?: or (?:test\w*|protect\w*))? (?:a |an |the |any |that |such )?(?:computer|information)[\w ]{0,20}systems?", r"protection of (?:a |the |an )?(?:computer|information) system", r"authori[sz]ed (?:penetration|security) test"],
    "journalism": [r"journalis\w*", r"news reporting", r"media (?:work|reporting|professional)"],
    "public-interest": [r"public interest", r"whistle-?blow\w*", r"protected disclosure", r"(?:expose|exposing|reveal\w*|disclos\w*|report\w*) (?:of )?(?:wrongdoing|corruption|crime|misconduct|abuse|illegal)"],
})

# -- cooperation -------------------------------------------------------------
CHANNEL = _compile({
    "transborder": [r"trans-?border access", r"without (?:asking|the (?:consent|authori[sz]ation|permission) of|informing|notifying|requesting) the (?:other )?(?:state|party|country)",
                    r"(?:stored|held|located) (?:in|within) (?:another|a foreign|the other) (?:state|party|country|jurisdiction)", r"(?:obtain|access|retriev|collect|search)\w*[^.;]{0,40}(?:held|stored|located) (?:outside|abroad|beyond|in another)", r"(?:access|obtain|receive)\w*[^.;]{0,80}(?:located|stored|held) (?:in|within) (?:another|the territory of another|a foreign) (?:state|party|country|jurisdiction)",
                    r"without the (?:authori[sz]ation|consent) of (?:the |another |that )?(?:other )?(?:state|party|country)", r"regardless of (?:where|the location)"],
    "direct-provider": [r"(?:orders?|requests?) (?:issued |made )?(?:by|from) (?:a |the )?(?:competent )?authorit\w* of (?:another|a foreign|the requesting)",
                        r"providers?[^.;]{0,60}\bdirectly\b",r"directly (?:from|to) (?:a |an |the |any )?(?:[\w-]+ )?(?:online service|service provider|provider|platform|operator|service)",r"(?:service )?providers?[^.;]{0,60}(?:in|located in|established in|offering services in) (?:the territory of )?(?:another|a foreign|other) (?:state|party|country|jurisdiction)",
                        r"direct(?:ly)? (?:to|with) (?:a |the |any )?(?:foreign )?(?:service )?providers?", r"(?:orders?|requests?) (?:to|on) (?:foreign|overseas) (?:service )?providers?"],
    "mla": [r"mutual (?:legal )?assistance", r"judicial assistance",
            # "provide legal assistance to the competent bodies of foreign States" (not a suspect's legal aid)
            r"legal assistance\b[^.;]{0,60}\b(?:foreign|other|another) (?:states?|countr(?:y|ies)|part(?:y|ies)|jurisdictions?)",
            r"(?:at|on|upon) (?:the |a |an )?requests? (?:of|from|by) (?:a |an |another |the )?(?:foreign|requesting|other) (?:states?|part(?:y|ies)|countr(?:y|ies)|governments?|authorit(?:y|ies))", r"(?:give|afford|provide|render) (?:to )?(?:each other|one another) (?:the )?(?:widest measure of |such |all )?(?:possible )?assistance", r"assistance in criminal matters", r"(?:legal )?assistance (?:to|from|by) (?:a |another |the )?(?:foreign|requesting|requested)", r"extradit\w*", r"letters? rogatory", r"letters? of request"],
})
MLA_LAW = _one([r"subject to (?:the (?:provisions of the )?)?(?:[A-Z][\w ]{0,40})?mutual (?:legal )?assistance", r"in accordance with (?:the )?(?:[\w ]{0,40})?mutual (?:legal )?assistance (?:in criminal matters )?(?:act|law|treaty|treaties|agreements?)",
                r"subject to (?:the )?(?:conditions provided for by )?(?:the )?(?:domestic )?law of the requested", r"applicable (?:mutual (?:legal )?assistance )?treaties",
                r"grounds on which the requested"])
DUAL_CRIMINALITY = _one([r"(?:offen[cs]e|crime|criminal|punishable)[^.;]{0,20}\b(?:in|under the laws? of) both (?:states|parties|countries|jurisdictions)",r"(?:would|does|is) not (?:be |constitute )?(?:an? )?(?:offen[cs]e|crime|criminal|punishable) (?:in|under)",r"also (?:punishable|an offen[cs]e|a crime|criminal) (?:under|in|by) (?:the|that|its|their) (?:law|laws)",r"dual criminality", r"double criminality", r"punishable under the laws? of both", r"(?:an? )?offen[cs]e under the laws? of both",
                         r"(?:also )?(?:an? )?(?:criminal )?offen[cs]e (?:under|in) the (?:law|laws) of the requested"])
REFUSAL_MODE = _compile({
    "mandatory": [r"shall (?:be )?refuse\w*", r"must (?:be )?refuse\w*", r"shall not (?:be )?(?:grant|grant\w*|execut\w*|provid\w*|extradit\w*)", r"(?:assistance|request|extradition) shall (?:not be granted|be refused|be denied)",
                  r"(?:is|are) (?:obliged|bound|required) to refuse", r"shall deny"],
    "permissive": [r"may (?:\w+ )?(?:refuse|decline|deny|postpone)", r"may be (?:refused|declined|denied)", r"(?:shall not be obliged|no obligation|not (?:be )?obliged|imposing an obligation)",
                   r"grounds? (?:on which|for) (?:the requested (?:state |party )?)?(?:may )?refus\w*", r"discretion"],
})
REFUSAL_GROUND = _compile({
    "persecution": [r"(?:prosecut|punish|persecut|prejudic)\w*[^.;]{0,80}(?:on account of|by reason of|because of|on (?:the )?(?:grounds?|basis) of)[^.;]{0,60}(?:sex|gender|race|religion|nationality|ethnic|political opinion)"],
    "human-rights": [r"(?:torture|cruel, inhuman|inhuman or degrading)", r"human rights", r"fundamental (?:rights|freedoms)", r"fair trial"],
    "death-penalty": [r"death penalty", r"capital punishment", r"punishable (?:by|with) death", r"(?:sentence|penalty) of death"],
    "political-offence": [r"political (?:offen[cs]e|nature|character)", r"offen[cs]e of a political", r"political(?:ly)? (?:motivated|connected)"],
    "essential-interests": [r"sovereignty", r"(?:essential|vital) interests", r"ordre public", r"national security"],
})

# -- institutions --------------------------------------------------------------
EXECUTIVE_CONTROL = _one([
    r"(?:under|subject to) the (?:general |overall )?(?:directions?|control|supervision|authority|instructions?|directives?) of the (?:president|minister|cabinet|executive|government|prime minister)",
    r"in the office of the (?:president|prime minister|vice[- ]president)", r"(?:appointed|removed|dismissed) by the (?:president|minister)",
    r"advisory (?:body|committee|panel) to the (?:minister|president)", r"in consultation with the minister",
    r"(?:minister|president) may (?:give|issue) (?:general |specific )?(?:directions|directives|instructions)",
    r"(?:designated|hereby designated) as the (?:data protection|supervisory|cyber)", r"shall (?:advise|report to) the minister",
])
INSTITUTION_DOMAIN = _one([r"data protection", r"privacy", r"intercept\w*", r"surveillance", r"cyber", r"personal (?:data|information)",
                           r"information (?:security|commission)", r"offensive cyber", r"intelligence"])

# -- scope words ---------------------------------------------------------------
NEGATED = _one([r"shall not", r"(?:may|must) not", r"no (?:person|one|party|state|member state) (?:shall|is|may|will)", r"nothing in",
                 r"no (?:[\w-]+ ){1,3}(?:shall|is|may|will) (?:be )?(?:held )?(?:criminally |civilly |personally )?liable",
                 r"no (?:criminal |civil )?liability (?:arises|shall arise|is incurred|attaches|shall attach)",
                 r"(?:is|are|does|do) not (?:an? )?(?:offen[cs]e|liable|punishable|criminal|unlawful|constitute|apply|applicable|committed|obliged|required|bound|compelled)"])
EXCEPTION_WORD = _one([r"unless", r"except(?:ing)?\b", r"save (?:as|where|in|for|that)", r"other than", r"provided that", r"does not apply",
                       r"(?:shall|does|do) not extend to", r"shall not be convicted",
                       r"no (?:criminal |civil )?liability (?:arises|shall arise|is incurred|attaches|shall attach)",
                       r"no (?:[\w-]+ ){1,3}(?:shall|is|may|will) (?:be )?(?:held )?(?:criminally |civilly |personally )?liable",
                       r"shall not apply", r"it (?:is|shall be) a defen[cs]e", r"nothing in",
                       r"(?:penalt(?:y|ies)|punishments?|sanctions?)\b[^.;]{0,60}\bshall not be (?:imposed|applied|inflicted)"])
OPTIONAL = _one([r"(?:a|each|any) (?:state )?(?:party|member state|state) may", r"(?:parties|states|member states) may",
                 r"where appropriate", r"as appropriate", r"if appropriate", r"to the extent (?:possible|appropriate|practicable)",
                 r"(?:if|where|as) (?:it )?(?:deems|considers) (?:it )?(?:appropriate|necessary|fit)"])

# A content offence punishes expression: it has a verb of expression.
SPEECH_VERB = _one([r"publish\w*", r"offend(?:s|ed|ing)?\b", r"disseminat\w*", r"distribut\w*", r"post(?:s|ed|ing)?", r"transmit\w*", r"shar(?:e|es|ed|ing)",
                    r"send\w*", r"sent", r"communicat\w*", r"broadcast\w*", r"mak\w* available", r"spread\w*", r"circulat\w*",
                    r"display\w*", r"upload\w*", r"incit\w*", r"advocat\w*", r"prais\w*", r"insult\w*", r"defam\w*", r"glorif\w*",
                    r"express\w*", r"statements?", r"utter\w*", r"propagat\w*", r"promot\w*", r"writ\w*", r"creat\w*[^.;]{0,30}(?:content|material|messages?)",
                    r"(?:data|information|messages?|content|material|news|reports?)[^.;]{0,40}(?:false|untrue|misleading|obscene|indecent)"])
SAFEGUARD_STRONG = _one([r"subject to (?:the )?conditions and safeguards", r"conditions and safeguards",
                         r"international human rights law", r"(?:its )?obligations under international human rights",
                         r"respect for human rights", r"human rights and fundamental freedoms", r"shall not be admissible",
                         r"shall not lose (?:its|their) privileged",
                         # "measures restricting the secrecy of correspondence are permitted only on the basis of a
                         # court decision": judicial authorisation required of every such measure
                         # "a power under section 12 may be exercised only under a warrant issued by a judge"
                         r"(?:permitted|allowed|admissible|exercis\w*|used|executed|conducted|carried out|ordered|restricted|limited|imposed|taken)\b[^.;]{0,20}?\bonly (?:on|upon|by|with|under|pursuant to) (?:the |a |an )?(?:prior |previous |reasoned |written )*(?:(?:basis|strength|authori[sz]ation|approval|permission|order|decision) of (?:a |an |the )?(?:reasoned |written )?)?(?:court|judicial|judges?'?s?|warrants?|orders?|authori[sz]ation)\b"])

# Words that say an element is not needed: "whether or not the person infringes …".
NOT_REQUIRED = _lazy("NOT_REQUIRED", r"(?:whether or not|regardless of whether|irrespective of whether|need not|it is immaterial whether|"
                          r"without (?:the )?need (?:to|for)|does not need to|no need to)\s+(?:\S+\s+){0,5}$", _FLAGS)

# A power stated only in the negative ("may not search … without a warrant") is a safeguard.
NEGATED_POWER = _lazy("NEGATED_POWER", r"\b(?:may|shall|must|can) not\b|\bcannot\b|\bno (?:person|officer|authority|one)\b", _FLAGS)

# What makes a body independent, whoever appoints it.
INDEPENDENT = _one([r"independent", r"not (?:be )?subject to the (?:direction|control|instructions?)", r"(?:may|shall) not be removed from office"])
# A measure named in the past ("a person whose communications were intercepted"): not a power.
PAST_MEASURE = _lazy("PAST_MEASURE", r"(?:were|was|been|being)\s+$", _FLAGS)

# What makes a provision only set the penalty for offences defined elsewhere.
PENALTY_SETS = _one([r"(?:offen[cs]es?|conduct) (?:referred to|set out|established|described|mentioned) (?:in|under|pursuant to) (?:articles?|sections?|paragraphs?|this)",
                     r"effective, proportionate and dissuasive", r"convicted (?:of|under)", r"(?:may|shall) be sentenced",
                     r"(?:contravenes|contravention of) (?:sub)?(?:sections?|articles?|paragraphs?)"])
