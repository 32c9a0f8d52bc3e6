"""Events: paired lists of office holders, roles after a preposition, names of offices,
objects of giving verbs, envoys posted in a capital, and "the members" of a body."""

from __future__ import annotations

from events_harness import events_with

# alias -> (type, English name, country code, knowledge-base id)
ENTITIES = {
    "سامي الخطيب": ("PERSON", "Sami al-Khatib", "", ""),
    "ليلى حداد": ("PERSON", "Layla Haddad", "", ""),
    "يوسف أوزتورك": ("PERSON", "Yusuf Ozturk", "", ""),
    "أحمد يلماز": ("PERSON", "Ahmet Yilmaz", "", ""),
    "الحكومة الأردنية": ("ORG", "Government of Jordan", "JOR", ""),
    "الهيئة الوطنية للموانئ": ("ORG", "National Ports Authority", "", ""),
    "المجلس الأعلى للدولة": ("ORG", "High Council", "", ""),
    "البرلمان": ("ORG", "Parliament", "", ""),
    "شركة النور": ("ORG", "Al Nour Company", "", ""),
    "المغرب": ("GPE", "Morocco", "MAR", "Q1028"),
    "مدريد": ("GPE", "Madrid", "ESP", "Q2807"),
    "إسبانيا": ("GPE", "Spain", "ESP", "Q29"),
    "القاهرة": ("GPE", "Cairo", "EGY", "Q85"),
    "أوكرانيا": ("GPE", "Ukraine", "UKR", "Q212"),
    "كندا": ("GPE", "Canada", "CAN", "Q16"),
}


def events_of(text: str) -> list[tuple]:
    """(type, source, target) of the events of a text, actors by English name."""
    return events_with(text, ENTITIES, modality=False)


def test_paired_office_holders_meet_their_counterparts_in_order() -> None:
    ev = events_of(
        "وجرى توقيع وزيري المالية والنقل في الحكومة الأردنية، سامي الخطيب وليلى حداد، "
        "اتفاقيتين مع نظيريهما الأتراك يوسف أوزتورك وأحمد يلماز أمس."
    )
    agree = {(s, t) for ty, s, t in ev if ty == "AGREE"}
    assert ("Sami al-Khatib", "Yusuf Ozturk") in agree
    assert ("Layla Haddad", "Ahmet Yilmaz") in agree
    assert ("Sami al-Khatib", "Ahmet Yilmaz") not in agree  # zipped, not crossed


def test_counterpart_lists_of_different_sizes_are_not_zipped() -> None:
    ev = events_of(
        "وجرى توقيع وزيري المالية والنقل، سامي الخطيب وليلى حداد، اتفاقية مع نظيرهما التركي يوسف أوزتورك."
    )
    assert not any(ty == "AGREE" and (s, t) == ("Layla Haddad", "Ahmet Yilmaz") for ty, s, t in ev)


def test_role_noun_after_a_preposition_is_not_the_subject() -> None:
    # "بالحكومة" (in the government) is a genitive of the title, not who signs
    ev = events_of("وقعت الحكومة الأردنية عقدا. ثم جرى توقيع المسؤولين بالحكومة مذكرة تفاهم مع شركة النور.")
    assert not any(s == "Government of Jordan" and t == "Al Nour Company" and ty == "AGREE" and n > 0
                   for n, (ty, s, t) in enumerate(ev[1:], 1))


def test_a_verbal_noun_coordinated_inside_an_office_name_is_no_trigger() -> None:
    ev = events_of("واجتمع ممثلو وزارات الطاقة والاستثمار في القاهرة أمس.")
    assert not any(ty == "COOPERATE" for ty, _, _ in ev)
    ev = events_of("وقال وزير الاستثمار إن البلاد تنتظر المستثمرين.")
    assert not any(ty == "COOPERATE" for ty, _, _ in ev)


def test_support_that_is_given_is_the_giving_event() -> None:
    # "لا تقدم أي دعم": the support is what is given (material, AID), no SUPPORT of its own
    ev = events_of("وقالت كندا إنها لا تقدم أي دعم لأوكرانيا.")
    assert not any(ty == "SUPPORT" for ty, _, _ in ev)
    ev = events_of("وقالت كندا إنها قدمت دعما بقيمة مليون دولار لأوكرانيا.")
    assert ("AID", "Canada", "Ukraine") in ev
    assert not any(ty == "SUPPORT" for ty, _, _ in ev)
    # support on its own stays a SUPPORT
    assert ("SUPPORT", "Canada", "Ukraine") in events_of("وأعلنت كندا دعم أوكرانيا.")


def test_envoy_recalled_from_a_capital_is_recalled_from_its_country() -> None:
    ev = events_of("قرر المغرب سحب سفيره من مدريد احتجاجا على موقف إسبانيا.")
    assert any(ty == "SANCTION" and s == "Morocco" and t == "Spain" for ty, s, t in ev)
    assert not any(t == "Madrid" for _, _, t in ev)


def test_a_capital_without_an_envoy_stays_the_capital() -> None:
    ev = events_of("وهاجمت إسبانيا مدريد في بيان. وقالت إسبانيا إنها فرضت عقوبات على مدريد.")
    assert not any(ty == "SANCTION" and t == "Spain" for ty, _, t in ev)


def test_the_members_are_the_body_they_were_named_members_of() -> None:
    ev = events_of(
        "أعلن ثلاثون عضوا بالمجلس الأعلى للدولة رفضهم الاتفاق. "
        "ودعا الأعضاء البرلمان إلى رفض الاتفاق."
    )
    assert ("REQUEST", "High Council", "Parliament") in ev


def test_the_members_are_not_the_last_organisation_named() -> None:
    ev = events_of(
        "أعلن ثلاثون عضوا بالمجلس الأعلى للدولة رفضهم اتفاق الحكومة الأردنية مع شركة النور. "
        "ودعا الأعضاء البرلمان إلى رفض الاتفاق."
    )
    assert ("REQUEST", "High Council", "Parliament") in ev
    assert not any(ty == "REQUEST" and s in ("Government of Jordan", "Al Nour Company") for ty, s, _ in ev)


def test_destination_behind_a_plural_of_country_is_not_the_target_of_a_ban() -> None:
    # "دول" (countries) stands between إلى and the name like a title: the union is where
    # the banned people may not go, not who is sanctioned.
    ev = events_of("وقررت الحكومة الأردنية حظر سفر المتهمين إلى دول المغرب العربي خلال العام المقبل.")
    assert not any(ty == "SANCTION" and t == "Morocco" for ty, s, t in ev)


def test_who_brought_a_rejected_request_is_the_target() -> None:
    ev = events_of("وجاء ذلك بعد رفض البرلمان الطلب الذي تقدمت به شركة النور لتمديد العقد.")
    assert ("REJECT", "Parliament", "Al Nour Company") in ev


def test_a_relative_clause_without_a_bringer_adds_no_target() -> None:
    ev = events_of("وجاء ذلك بعد رفض البرلمان الطلب الذي قدم أمس إلى شركة النور.")
    assert not any(ty == "REJECT" and t == "Al Nour Company" for ty, s, t in ev)


def test_participant_of_a_call_meets_the_counterpart_not_the_caller() -> None:
    ev = events_of(
        "أجرى سامي الخطيب اتصالا هاتفيا مع الوزير يوسف أوزتورك، بمشاركة وزيرة النقل ليلى حداد، "
        "لبحث مشاريع الموانئ."
    )
    consult = {(s, t) for ty, s, t in ev if ty == "CONSULT"}
    assert ("Sami al-Khatib", "Yusuf Ozturk") in consult
    assert ("Layla Haddad", "Yusuf Ozturk") in consult
    assert ("Sami al-Khatib", "Layla Haddad") not in consult


def test_participation_needs_a_bare_name_right_after_the_marker() -> None:
    ev = events_of("التقى سامي الخطيب مع يوسف أوزتورك في القاهرة بمشاركة واسعة من رجال الأعمال.")
    consult = {(s, t) for ty, s, t in ev if ty == "CONSULT"}
    assert consult == {("Sami al-Khatib", "Yusuf Ozturk")}


def test_between_list_with_counterpart_pairs_each_with_it() -> None:
    # "بين A وB مع C": A and B are one side; each signs with C.
    ev = events_of("ووقعت مذكرتا تفاهم بين شركة النور والهيئة الوطنية للموانئ مع الحكومة الأردنية أمس.")
    agree = {frozenset((s, t)) for ty, s, t in ev if ty == "AGREE"}
    assert frozenset(("Al Nour Company", "Government of Jordan")) in agree
    assert frozenset(("National Ports Authority", "Government of Jordan")) in agree
    assert frozenset(("Al Nour Company", "National Ports Authority")) not in agree


def test_between_list_alone_still_pairs_its_members() -> None:
    ev = events_of("ووقعت مذكرة تفاهم بين شركة النور والهيئة الوطنية للموانئ أمس.")
    agree = {frozenset((s, t)) for ty, s, t in ev if ty == "AGREE"}
    assert agree == {frozenset(("Al Nour Company", "National Ports Authority"))}


def test_announcer_across_a_time_phrase_recognises() -> None:
    # "وكان X، أعلن يوم ...، عن الاعتراف الرسمي لبلاده بـ...": the announcer is the agent; لبلاده
    # marks the recognition's agent, not its object.
    ev = events_of(
        "وكان سامي الخطيب، أعلن يوم الاثنين 12 مايو الجاري، عن الاعتراف الرسمي لبلاده بسيادة المغرب."
    )
    assert ("SUPPORT", "Sami al-Khatib", "Morocco") in ev


def test_approving_a_loan_is_aid_not_a_concession() -> None:
    ev = events_of("وأقرت شركة النور قرضا جديدا لكندا بقيمة مليار دولار.")
    assert ("AID", "Al Nour Company", "Canada") in ev
    ev = events_of("ووافق البرلمان على منحة لأوكرانيا بقيمة مليون دولار.")
    assert ("AID", "Parliament", "Ukraine") in ev
    assert not any(ty == "CONCEDE" for ty, _, _ in ev)
    ev = events_of("ووافق البرلمان على شروط المجلس الأعلى للدولة.")
    assert not any(ty == "AID" for ty, _, _ in ev)


def test_partitive_names_the_voters_of_an_unnamed_group() -> None:
    # "صوت عشرة أعضاء ضد مشروع القرار الكندي، بينهم X وY": the names picked out of the
    # counted subject are the voters; the draft's adjective names whom they reject.
    ev = events_of(
        "قدمت كندا نصا جديدا. وصوت عشرة أعضاء ضد مشروع القرار الكندي، بينهم المغرب وإسبانيا، "
        "في حين امتنعت أوكرانيا عن التصويت."
    )
    reject = {(s, t) for ty, s, t in ev if ty == "REJECT"}
    assert reject == {("Morocco", "Canada"), ("Spain", "Canada")}
    ev = events_of("وصوتت عدد من الدول ضد مشروع قرار كندا، ومنها المغرب.")
    assert ("REJECT", "Morocco", "Canada") in ev


def test_partitive_after_an_accusative_group_names_no_subject() -> None:
    # "عددا من" is the object's case: the names among them are not the ones acting.
    ev = events_of("وصوتت عددا من المرات ضد مشروع القرار، بينهم المغرب.")
    assert not any(s == "Morocco" for _, s, _ in ev)
    # a name after بينهم keeps no preposition: "بينهم" is not ب + a title
    ev = events_of("والتقى سامي الخطيب مسؤولين كثيرين، بينهم ليلى حداد.")
    assert not any(s == "Layla Haddad" for _, s, _ in ev)


def test_verb_during_an_event_told_before_keeps_its_agent() -> None:
    # "زيارة X لمدريد، التقى خلالها Y": the visitor meets Y; Y is the object, not the subject.
    ev = events_of("وبدأ سامي الخطيب أمس زيارة رسمية لمدريد تستمر ثلاثة أيام، التقى خلالها يوسف أوزتورك.")
    consult = {(s, t) for ty, s, t in ev if ty == "CONSULT"}
    assert ("Sami al-Khatib", "Yusuf Ozturk") in consult
    assert not any(s == "Yusuf Ozturk" for s, _ in consult)


def test_verb_during_an_event_in_a_relative_clause_keeps_its_own_subject() -> None:
    ev = events_of("وبدأت الزيارة التي التقى خلالها سامي الخطيب مع يوسف أوزتورك.")
    consult = {(s, t) for ty, s, t in ev if ty == "CONSULT"}
    assert ("Sami al-Khatib", "Yusuf Ozturk") in consult


def test_call_joined_to_a_clause_keeps_its_subject_and_calls_on_the_name() -> None:
    # "وقالت شركة X إنها ستمول المشروع، ودعت Y للانضمام": X calls on Y.
    ev = events_of("واتفقت شركة النور مع كندا على بناء ميناء، ودعت الهيئة الوطنية للموانئ للانضمام إلى المشروع.")
    assert ("REQUEST", "Al Nour Company", "National Ports Authority") in ev
    assert not any(ty == "REQUEST" and s == "National Ports Authority" for ty, s, _ in ev)


def test_call_whose_gender_does_not_fit_the_last_subject_keeps_its_own() -> None:
    # دعا (masculine) cannot carry over a country (feminine): the name after it is its subject.
    ev = events_of("واتفقت كندا مع المغرب على بناء ميناء، ودعا سامي الخطيب إلى الإسراع في المشروع.")
    assert not any(ty == "REQUEST" and s == "Canada" for ty, s, _ in ev)
