import QtQuick
import QtQuick.Controls
import Pulseboard

// What can be done to one series of a chart: from the chart menu's "Series" submenu and
// from a right-click on its legend row. The card does the work (see ChartCard).
Menu {
    // Not "menu": inside a MenuItem that name is MenuItem.menu (the menu holding the
    // item), which shadowed this id, so the colour items read and set the hue of "".
    id: seriesMenu
    required property string name
    required property bool hidden
    signal toggleHidden()
    signal removeRequested()
    signal copyRequested()

    title: name
    MenuItem { text: seriesMenu.hidden ? qsTr("Show") : qsTr("Hide"); onTriggered: seriesMenu.toggleHidden() }
    MenuItem { text: qsTr("Remove from chart"); onTriggered: seriesMenu.removeRequested() }
    MenuItem { text: qsTr("Copy name"); onTriggered: seriesMenu.copyRequested() }
    Menu {
        id: colours
        title: qsTr("Colour")
        Instantiator {
            model: SeriesPalette.size
            delegate: MenuItem {
                required property int index
                objectName: "colourItem_" + index
                text: index === SeriesPalette.ownHue(seriesMenu.name) ? qsTr("Colour %1 (its own)").arg(index + 1) : qsTr("Colour %1").arg(index + 1)
                checkable: true
                checked: SeriesPalette.revision >= 0 && SeriesPalette.hueFor(seriesMenu.name) === index
                onTriggered: SeriesPalette.setHue(seriesMenu.name, index)
                indicator: Rectangle {
                    x: 8
                    anchors.verticalCenter: parent.verticalCenter
                    width: 14; height: 14; radius: 3
                    color: SeriesPalette.swatch(parent.index, Theme.dark)
                    border.width: parent.checked ? 2 : 0
                    border.color: Theme.text
                }
            }
            onObjectAdded: (i, item) => colours.insertItem(i, item)
            onObjectRemoved: (i, item) => colours.removeItem(item)
        }
    }
}
