"""Short passages with what the sourcing stage should find in each.

Each passage names its speakers (by a part of the speaker's name) with the
expected identity, anonymity reason (a part of it, or None) and descriptors
(a part of each; the list is complete: other descriptors count as false
positives), and lists every caveat expected (kind, a part of its text, a part
of the quote it qualifies or None). Used by ``test_passages.py`` and by
``score_passages.py`` (precision and recall per field).
"""

from __future__ import annotations

from dataclasses import dataclass, field

L, R = "\u201c", "\u201d"


@dataclass
class Who:
    name: str
    identity: str
    reason: str | None = None
    descriptors: list[str] = field(default_factory=list)


@dataclass
class Passage:
    id: str
    text: str
    speakers: list[Who] = field(default_factory=list)
    caveats: list[tuple[str, str, str | None]] = field(default_factory=list)
    outlet: str | None = None
    site_name: str | None = None
    not_speakers: list[str] = field(default_factory=list)


P = Passage
PASSAGES: list[Passage] = [
    # --- named people, described or not -------------------------------------------------
    P("named-title", "Defense Secretary Lloyd Austin said the aid would arrive within weeks.",
      [Who("Lloyd Austin", "named", None, ["Defense Secretary"])]),
    P("named-appos-after", f"{L}We will not retreat,{R} said Volodymyr Zelensky, the president of Ukraine, on Tuesday.",
      [Who("Zelensky", "named", None, ["president of Ukraine"])]),
    P("named-at-length", "Maria Kovalenko, a 34-year-old teacher who fled Mariupol with her two children and now "
      "lives in a shelter in Lviv, said the shelling never stopped.",
      [Who("Kovalenko", "named", None, ["34-year-old teacher"])]),
    P("named-surname", "The plant will close in May. Smith said the workers had been told on Friday.",
      [Who("Smith", "named")]),
    P("named-spokesman", "John Smith, a spokesman for the ministry, said the talks had stalled.",
      [Who("John Smith", "named", None, ["spokesman for the ministry"])]),
    P("named-kremlin-spokesman", "Kremlin spokesman Dmitry Peskov told reporters that the accusations were absurd.",
      [Who("Peskov", "named", None, ["Kremlin spokesman"])]),
    P("named-pre-title", "Ukrainian President Volodymyr Zelensky said the counteroffensive had begun.",
      [Who("Zelensky", "named", None, ["Ukrainian President"])]),
    P("named-oligarch", "Russian oligarch Yevgeny Prigozhin said the fighters would leave the city.",
      [Who("Prigozhin", "named", None, ["Russian oligarch"])]),
    P("named-head-of-group", "The attack was praised by the head of the group, Russian oligarch Yevgeny Prigozhin. "
      "Prigozhin said the fighters were heroes.",
      [Who("Prigozhin", "named", None, ["head of the group", "Russian oligarch"])]),
    P("named-copula", f"Anna Lind is a nurse at the central hospital.\n\n{L}We have no beds left,{R} Lind said.",
      [Who("Lind", "named", None, ["nurse at the central hospital"])]),
    P("named-secretary-general", f"{L}The ceasefire is holding,{R} said Jens Stoltenberg, NATO\u2019s secretary general.",
      [Who("Stoltenberg", "named", None, ["secretary general"])]),
    P("named-no-false-appos", "After the meeting with the minister, Ursula von der Leyen said the sanctions would stay.",
      [Who("Leyen", "named")]),
    P("named-fearing-not-reason", "Mayor Vitali Klitschko, fearing new strikes, said residents should stay in shelters.",
      [Who("Klitschko", "named", None, ["Mayor"])]),
    P("named-safety-not-reason", "Anna Petrova said she had moved her children to the west for their safety.",
      [Who("Petrova", "named")]),
    # --- organisations by name -------------------------------------------------------
    P("org-according-to", "According to the Kremlin, the troops have withdrawn from the border.",
      [Who("Kremlin", "named")]),
    P("org-pentagon", "The Pentagon said in a statement that two drones had been shot down.",
      [Who("Pentagon", "named")]),
    P("org-reuters", "Reuters reported that the deal had been signed in Ankara.",
      [Who("Reuters", "named")], site_name="BBC News", outlet="BBC News"),
    P("org-un", "The United Nations said more than 8,000 civilians had been killed.",
      [Who("United Nations", "named")]),
    # --- pseudonyms ------------------------------------------------------------------
    P("pseudo-call-sign", f"A fighter who goes by the call-sign {L}Bear{R} said the unit was exhausted.",
      [Who("Bear", "pseudonym", None, ["fighter"])]),
    P("pseudo-first-name", "Maria, who gave only her first name, said the water had been cut off for days.",
      [Who("Maria", "partial", "who gave only her first name")]),
    P("pseudo-surname-withheld", f"{L}We are afraid,{R} said Oleg, a 45-year-old miner who asked that his surname "
      "not be published for fear of reprisals.",
      [Who("Oleg", "partial", "for fear of reprisals", ["45-year-old miner"])]),
    P("pseudo-known-only-as", "The commander, known only as Grom, said the bridge had been blown up.",
      [Who("commander", "pseudonym", None, ["commander"])]),
    P("pseudo-initials", "J.D., a nurse at the hospital, said the wards were full.",
      [Who("J.D", "partial", None, ["nurse at the hospital"])]),
    P("pseudo-nickname", f"A woman who uses the nickname {L}Kit{R} online said she had been threatened.",
      [Who("Kit", "pseudonym", None, ["woman"])]),
    P("pseudo-call-sign-reason-later", f"The soldier goes by the call-sign {L}Wolf.{R} CNN agreed not to publish his "
      f"name to protect his family. {L}We hold the line,{R} Wolf said.",
      [Who("Wolf", "pseudonym", "to protect his family", ["soldier"])], outlet="CNN"),
    P("pseudo-medic-security", f"A medic who goes by the call-sign {L}Doc{R} and asked that his real name not be "
      f"used for security reasons said the clinic had been shelled twice.",
      [Who("Doc", "pseudonym", "for security reasons", ["medic"])]),
    P("pseudo-withheld-next-paragraph", "The call-sign of another volunteer whose full name the newspaper is not "
      f"disclosing for his safety.\n\n{L}I came here to help,{R} Sparrow says.",
      [Who("Sparrow", "pseudonym", "for his safety", ["volunteer"])]),
    # --- anonymous -------------------------------------------------------------------
    P("anon-officials", "Officials said the border would reopen next week.",
      [Who("Officials", "anonymous", None, ["Officials"])]),
    P("anon-senior-official", "A senior official said the talks had collapsed.",
      [Who("senior official", "anonymous", None, ["senior official"])]),
    P("anon-people-familiar", "Two people familiar with the talks said a deal was close.",
      [Who("people familiar", "anonymous", None, ["people familiar with the talks"])]),
    P("anon-soldier", "A soldier said the town had fallen overnight.",
      [Who("soldier", "anonymous", None, ["soldier"])]),
    P("anon-resident", f"{L}It is chaos,{R} a resident said.",
      [Who("resident", "anonymous", None, ["resident"])]),
    P("anon-nationality", "Some Russians say the war is a mistake.",
      [Who("Russians", "not-applicable")]),
    P("anon-uniform", "A soldier in a Ukrainian uniform said the town was lost.",
      [Who("soldier", "anonymous", None, ["soldier in a Ukrainian uniform"])]),
    P("anon-mayor-told", f"{L}We will rebuild,{R} the mayor told Reuters.",
      [Who("mayor", "unknown", None, ["mayor"])], outlet="Reuters"),
    # --- reasons for anonymity -------------------------------------------------------
    P("reason-not-authorized", "A senior official, who spoke on condition of anonymity since they were not "
      "authorized to discuss the talks, said a deal was close.",
      [Who("official", "anonymous", "not authorized to discuss the talks", ["senior official"])]),
    P("reason-condition-only", "A diplomat, speaking on condition of anonymity, said the vote would fail.",
      [Who("diplomat", "anonymous", "on condition of anonymity", ["diplomat"])]),
    P("reason-fear-reprisals", "A police officer, who asked not to be named for fear of reprisals, said the "
      "protesters had been beaten.",
      [Who("officer", "anonymous", "for fear of reprisals", ["police officer"])]),
    P("reason-her-safety", "The nurse, whose name we are withholding for her safety, said the hospital had no power.",
      [Who("nurse", "anonymous", "for her safety", ["nurse"])]),
    P("reason-alone-not-authorized", "A resident, who is not authorized to speak to the media, said the plant leaked.",
      [Who("resident", "anonymous", "not authorized to speak", ["resident"])]),
    P("reason-feared-job", "An engineer at the plant, who declined to be named because he feared losing his job, "
      "said the reactor was unsafe.",
      [Who("engineer", "anonymous", "feared losing his job", ["engineer at the plant"])]),
    P("reason-covering-face", f"Another fighter, who goes by the call-sign {L}Lynx,{R} insists on covering his face, "
      f"fearing that the secret police might find his parents.\n\n{L}They know where my family lives,{R} he says.",
      [Who("Lynx", "pseudonym", "fearing that the secret police", ["fighter"])]),
    # --- unverified ------------------------------------------------------------------
    P("unverified-this-number", "The army said 300 soldiers had been killed. CNN has not been able to independently "
      "confirm this number.",
      [Who("army", "not-applicable", None, ["army"])],
      [("unverified", "CNN has not been able to independently confirm this number", "300 soldiers")], outlet="CNN"),
    P("unverified-passive", "Rebels said they had shot down a helicopter. The claim could not be independently verified.",
      [Who("Rebels", "not-applicable", None, ["Rebels"])],
      [("unverified", "could not be independently verified", "shot down a helicopter")]),
    P("unverified-without-evidence", "The president said, without providing evidence, that the election had been rigged.",
      [],
      [("unsupported", "without providing evidence", "the election had been rigged")]),
    P("unverified-toll", "Officials said the attack killed 12 people. Reuters could not independently verify the toll.",
      [Who("Officials", "anonymous", None, ["Officials"])],
      [("unverified", "Reuters could not independently verify the toll", "killed 12 people")], outlet="Reuters"),
    P("unverified-we-unable", "The ministry said the video showed the strike. We were unable to verify the video.",
      [],
      [("unverified", "We were unable to verify the video", "the video showed the strike")]),
    P("unverified-no-evidence", "The group said it had captured the village but did not provide evidence.",
      [],
      [("unsupported", "did not provide evidence", "captured the village")]),
    # --- unsupported: the outlet notes the absence of evidence --------------------------
    P("unsupported-no-proof", "The senator asserted, without offering proof, that the count had been tampered with.",
      [],
      [("unsupported", "without offering proof", "the count had been tampered with")]),
    P("unsupported-narrated", "The pumps stopped twice in March. There is no evidence that they were sabotaged.",
      [],
      [("unsupported", "There is no evidence that they were sabotaged", None)]),
    P("unsupported-near-miss-evidence", "The inspectors said they had found evidence that the pumps were sabotaged.",
      []),
    P("unverified-near-miss-confirmed", "The mayor confirmed that the bridge had reopened.",
      [Who("mayor", "unknown", None, ["mayor"])]),
    P("unverified-near-miss-officials-confirmed", "Officials confirmed the death toll had risen to 40.",
      [Who("Officials", "anonymous", None, ["Officials"])]),
    P("unverified-near-miss-investigators", "Investigators verified the identity of the victims on Monday.",
      [Who("Investigators", "not-applicable", None, ["Investigators"])]),
    # --- disputed --------------------------------------------------------------------
    P("disputed-despite-evidence", "Activists said troops had shot civilians. Moscow has previously denied allegations "
      "of war crimes, despite extensive evidence gathered by investigators.",
      [],
      [("disputed", "denied allegations of war crimes", "shot civilians")]),
    P("disputed-company-denied", "Activists said the factory had polluted the river. The company denied the allegations.",
      [Who("Activists", "not-applicable", None, ["Activists"])],
      [("disputed", "The company denied the allegations", "polluted the river")]),
    P("disputed-kremlin-rejected", "Kyiv said Russian forces had shelled the power station. The Kremlin rejected the claim.",
      [Who("Kyiv", "named")],
      [("disputed", "The Kremlin rejected the claim", "shelled the power station")]),
    P("disputed-report-rejected", "A newspaper reported that the minister had resigned. The ministry rejected the report.",
      [],
      [("disputed", "The ministry rejected the report", "the minister had resigned")]),
    P("disputed-falsely", "He claimed, falsely, that the vote had been rigged.",
      [],
      [("disputed", "falsely", "the vote had been rigged"), ("hedged", "claimed", "the vote had been rigged")]),
    P("disputed-dismissed-report", "The ministry dismissed the report as propaganda.",
      [Who("ministry", "not-applicable", None, ["ministry"])],
      [("disputed", "dismissed the report", None)]),
    P("disputed-denied-that", "Beijing denied that its ships had entered the area.",
      [Who("Beijing", "named")],
      [("disputed", "Beijing denied that its ships had entered the area", None)]),
    P("disputed-rejected-notion", "The coach rejected the notion that the team had given up on the season.",
      [],
      [("disputed", "rejected the notion", "the team had given up on the season")]),
    P("disputed-denied-any-role", "The shipping firm has denied any role in the collapse of the pier.",
      [],
      [("disputed", "denied any role", "any role")]),
    P("disputed-which-denied", "He faces accusations that he misused the charity's funds, which he has denied.",
      [],
      [("disputed", "which he has denied", "he misused the charity's funds")]),
    P("disputed-near-miss-did-not-dispute", "The banker did not dispute that he had met the minister twice.",
      []),
    P("disputed-near-miss-request-denied", "The lawyers asked for a delay, but the request was denied.",
      []),
    P("disputed-allegations-denied", "The lawyers repeated the accusations, but the allegations were denied.",
      [],
      [("disputed", "the allegations were denied", None)]),
    P("unsupported-over-reported-speech", "The mayor said the tunnel had been a waste of money but offered no proof.",
      [],
      [("unsupported", "offered no proof", "the tunnel had been a waste of money")]),
    P("unsupported-near-miss-said-no-evidence", "The coroner said there was no evidence that the driver had been drinking.",
      []),
    P("disputed-near-miss-offer", "She rejected the offer and left the company in March, her lawyer said.",
      [Who("lawyer", "unknown", None, ["her lawyer"])]),
    P("disputed-near-miss-denied-win", "The goalkeeper denied the champions a late win on Saturday, the club said.",
      [Who("club", "not-applicable", None, ["club"])]),
    # --- hedged ----------------------------------------------------------------------
    P("hedged-allegedly", "The suspect allegedly stole the car from a parking lot, police said.",
      [Who("police", "not-applicable", None, ["police"])],
      [("hedged", "allegedly", "stole the car")]),
    P("hedged-he-claims", "He has killed at least 15 soldiers, he claims.", [],
      [("hedged", "he claims", "15 soldiers")]),
    P("hedged-reportedly", "Russia reportedly lost 200 tanks in the battle, the army said.",
      [Who("army", "not-applicable", None, ["army"])],
      [("hedged", "reportedly", "lost 200 tanks")]),
    P("hedged-alleged", "The alleged attacker was arrested on Monday, police said.",
      [Who("police", "not-applicable", None, ["police"])],
      [("hedged", "alleged", "attacker was arrested")]),
    P("hedged-company-claims", "The company claims its product is safe for children.", [],
      [("hedged", "claims", "its product is safe")]),
    P("hedged-purported", "A purported video of the attack circulated online, the agency said.",
      [Who("agency", "not-applicable", None, ["agency"])],
      [("hedged", "purported", "video of the attack")]),
    P("hedged-near-miss-says", "Caesar says he is Russian.", [Who("Caesar", "named")]),
    P("hedged-near-miss-noun", "The claims were examined by a judge in July, the court said.",
      [Who("court", "not-applicable", None, ["court"])]),
    P("hedged-near-miss-in-quote", f"{L}He reportedly left the city,{R} she said.", []),
    # --- the outlet ------------------------------------------------------------------
    P("outlet-from-text-over-metadata", "The soldier, whose name CNN agreed not to reveal, said the town was lost. "
      "CNN has not been able to confirm his account.",
      [Who("soldier", "anonymous", "whose name CNN agreed not to reveal", ["soldier"])],
      [("unverified", "CNN has not been able to confirm his account", "the town was lost")],
      outlet="CNN", site_name="aggregator.example"),
    P("outlet-metadata", "Officials said the border would reopen next week.",
      [Who("Officials", "anonymous", None, ["Officials"])], outlet="The Guardian", site_name="The Guardian"),
    P("outlet-not-a-speaker", f"CNN has learned that the meeting was cancelled. {L}It is over,{R} an aide said.",
      [Who("aide", "anonymous", None, ["aide"])], outlet="CNN", not_speakers=["CNN"]),
    # "told {org}" also names people: a person told something is not the outlet, and keeps his quotes
    P("outlet-not-a-person", f"Warren told Stumpf he should resign. {L}I accept full responsibility,{R} Stumpf said.",
      [Who("Stumpf", "named")], outlet=None),
    P("outlet-not-another-body", f"The contractor told FBI agents he had kept copies. {L}We are reviewing the "
      f"material,{R} the FBI said.", [Who("FBI", "named")], outlet=None),
]
