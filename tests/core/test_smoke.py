def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_clerk_sees_chinese_home(client_for, clerk):
    response = client_for(clerk).get("/")
    assert response.status_code == 200
