def test_dashboard_renders_for_every_role(client, org):
    for person in (org.author, org.head, org.committee, org.superuser):
        client.force_login(person)
        response = client.get("/")
        assert response.status_code == 200
        assert person.full_name in response.content.decode()
