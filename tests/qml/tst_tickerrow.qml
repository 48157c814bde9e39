import QtQuick
import QtTest
import Pulseboard

// A ticker row's sparkline has its series' colour from SeriesPalette (the colour of the
// same series in every chart and legend), follows a hue picked for the series, and keeps
// it whatever the trend.
Item {
    width: 900
    height: 60

    TickerRow {
        id: row
        index: 0
        name: "BTCUSD.price"
        last: 100
        change: -2
        changePercent: -1.9
        high: 104
        low: 99
        rate: 5
        sparkline: [1, 3, 2, 5, 4]
        flash: 0
        flashSerial: 0
        columnWidths: [120, 90, 90, 70, 90, 90, 60, 160]
        columnX: [0, 120, 210, 300, 370, 460, 550, 610]
        unit: ""
    }

    TestCase {
        name: "TickerRow"
        when: windowShown

        function cleanup() { SeriesPalette.setHue("BTCUSD.price", -1) }

        function test_sparklineHasTheSeriesColour() {
            const spark = findChild(row, "sparkline")
            verify(spark !== null)
            compare(spark.color, SeriesPalette.color("BTCUSD.price", Theme.dark))
            verify(!Qt.colorEqual(spark.color, Theme.down))   // not the trend's red
            const other = (SeriesPalette.hueFor("BTCUSD.price") + 3) % SeriesPalette.size
            verify(SeriesPalette.setHue("BTCUSD.price", other))
            compare(spark.color, SeriesPalette.swatch(other, Theme.dark))
            row.change = 5                                     // the trend does not recolour it
            compare(spark.color, SeriesPalette.swatch(other, Theme.dark))
        }
    }
}
