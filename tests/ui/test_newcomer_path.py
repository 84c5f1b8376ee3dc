"""The newcomer's path end to end (issue "The commune desk", done when): the first-run wizard,
a person with an episode, a hotspot and an activity, seen in the overview; the app closes, and
after logging in again everything is there — all in Vietnamese."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from sqlalchemy import select

from xasach.i18n import _
from xasach.services.auth import login
from xasach.store.models import Activity, Episode, Hotspot, Person
from xasach.ui.main_window import MainWindow
from xasach.ui.wizard import FirstRunWizard

from .test_wizard import ADMIN_PASSWORD, create, fill_up_to_summary

TODAY = date.today()


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def test_a_newcomer_sets_up_enters_the_three_registers_and_finds_them_again(qtbot, tmp_path):
    path = tmp_path / "data" / "xasach.db"
    wizard = FirstRunWizard(path)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_up_to_summary(qtbot, wizard)
    create(qtbot, wizard)
    wizard.recovery_page.confirm_box.click()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.result() == QDialog.DialogCode.Accepted
    db = wizard.database

    window = MainWindow(
        db.setting("unit.name"), db.setting("unit.code"), path, mode="commune", db=db
    )
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "XaSach — Phường Hoàn Kiếm"
    workspace = window.workspace
    nav = [workspace.nav.item(i).text() for i in range(workspace.nav.count())]
    sync = _("Sync")  # translated later; the page is there for every officer who may sync
    reports = _("Reports and printing")
    assert nav == [
        "Tổng quan",
        "Hồ sơ quản lý",
        "Điểm, tụ điểm",
        "Tuyên truyền",
        reports,
        sync,
        "Cài đặt",
    ]

    # A person with an episode.
    people = workspace.show_page("people")
    dialog = people.new_person()
    form = dialog.form
    form.full_name_edit.setText("Nguyễn Văn Đức")
    form.birth_edit.setText("02/04/1990")
    form.sex_box.setCurrentIndex(form.sex_box.findData("M"))
    form.id_edit.setText("001090123456")
    form.village_box.setCurrentIndex(1)
    dialog.tabs.setCurrentWidget(dialog.timeline)
    episode = dialog.timeline.add_episode()
    episode.kind_box.setCurrentIndex(episode.kind_box.findData("illegal_use_management"))
    episode.start_edit.setText(dmy(TODAY - timedelta(days=10)))
    episode.submit()
    assert dialog.save()

    # A hotspot.
    hotspots = workspace.show_page("hotspots")
    hotspot = hotspots.new_hotspot()
    hotspot.name_edit.setText("Quán nước ven đê")
    hotspot.village_box.setCurrentIndex(1)
    hotspot.discovered_edit.setText(dmy(TODAY - timedelta(days=20)))
    assert hotspot.save()

    # A propaganda activity.
    propaganda = workspace.show_page("propaganda")
    activity = propaganda.new_activity()
    activity.date_edit.setText(dmy(TODAY))
    activity.topic_edit.setText("Tác hại của ma túy tổng hợp")
    activity.villages.item(0).setCheckState(Qt.CheckState.Checked)
    assert activity.save()

    # The overview shows them.
    overview = workspace.show_page("overview")
    overview.refresh()
    values = {name: tile.value_label.text() for name, tile in overview.tiles.items()}
    assert (values["people"], values["active"], values["activities"]) == ("1", "1", "1")

    # Close the app; log in again; everything is there.
    window.close()
    db.close()
    again = login(path, "admin", ADMIN_PASSWORD)
    with again.reader() as s:
        person = s.scalars(select(Person)).one()
        assert (person.full_name, person.status) == ("Nguyễn Văn Đức", "illegal_use_management")
        assert s.scalars(select(Episode.kind)).all() == ["illegal_use_management"]
        assert s.scalars(select(Hotspot.name)).all() == ["Quán nước ven đê"]
        assert s.scalars(select(Activity.topic)).all() == ["Tác hại của ma túy tổng hợp"]
    again.close()
