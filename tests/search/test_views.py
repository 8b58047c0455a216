"""The search page (/search/): what the reader may see, marked; nothing for a stranger."""


def test_the_page_lists_only_what_the_reader_may_see(records, web, nghean, hanoi):
    mine, theirs = f"/petitions/{records['petition'].pk}/", f"/petitions/{records['other'].pk}/"
    page = web(nghean).get("/search/", {"q": "nguyen van hung"})
    assert page.status_code == 200
    assert mine in page.content.decode() and theirs not in page.content.decode()
    page = web(hanoi).get("/search/", {"q": "nguyen van hung"})
    assert theirs in page.content.decode() and mine not in page.content.decode()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(records, client):
    page = client.get("/search/", {"q": "nguyen van hung"})
    assert page.status_code == 302 and "login" in page["Location"]
    assert "Hùng" not in page.content.decode()
