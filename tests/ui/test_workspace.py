"""The logged-in main window: pages per role, click-through navigation, status bar."""

from xasach.domain.roles import Actor, Role
from xasach.services.people import create_person
from xasach.ui.main_window import MainWindow

from conftest import ADMIN, COMMUNE_NAME


def window_for(qtbot, db):
    window = MainWindow(COMMUNE_NAME, "00070", db.path, mode="commune", db=db)
    qtbot.addWidget(window)
    return window


def nav_keys(window):
    return [window.workspace.nav.item(i).data(256) for i in range(window.workspace.nav.count())]


def test_admin_sees_every_register_and_the_title_names_the_commune(qtbot, db):
    window = window_for(qtbot, db)
    assert nav_keys(window) == [
        "overview",
        "people",
        "hotspots",
        "propaganda",
        "reports",
        "sync",
        "settings",
    ]
    assert COMMUNE_NAME in window.windowTitle()
    assert ADMIN in window.user_label.text()


def test_culture_officer_has_no_people_page(qtbot, db):
    db.actor = Actor("vanhoa", Role.CULTURE)
    window = window_for(qtbot, db)
    assert "people" not in nav_keys(window)
    assert "propaganda" in nav_keys(window)


def test_leader_sees_the_overview_only(qtbot, db):
    db.actor = Actor("chutich", Role.LEADER)
    assert nav_keys(window_for(qtbot, db)) == ["overview", "reports", "settings"]


def test_overview_click_through_opens_the_filtered_list(qtbot, db):
    window = window_for(qtbot, db)
    window.workspace.navigate("hotspots", {"status": "eliminated"})
    assert window.workspace.current_key() == "hotspots"
    page = window.workspace.pages["hotspots"]
    assert page.status_box.currentData() == frozenset({"eliminated"})
    window.workspace.navigate("propaganda", {"year": 2026, "month": 3})
    activities = window.workspace.pages["propaganda"].activities
    assert (activities.year_box.currentData(), activities.month_box.currentData()) == (2026, 3)


def test_status_bar_counts_changes_not_yet_sent(qtbot, db):
    window = window_for(qtbot, db)
    before = int(window.unsent_label.text().rsplit(" ", 1)[-1])
    with db.session() as s:
        create_person(s, full_name="Nguyễn Văn Đức")
    window.ctx.bus.changed.emit("person")
    assert int(window.unsent_label.text().rsplit(" ", 1)[-1]) == before + 1


def test_alt_number_jumps_between_pages(qtbot, db):
    window = window_for(qtbot, db)
    window.show()
    window.workspace.nav.setCurrentRow(2)
    assert window.workspace.current_key() == "hotspots"
