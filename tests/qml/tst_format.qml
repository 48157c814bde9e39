import QtQuick
import QtTest
import "../../qml/common/Format.js" as Format

// Format.numberLike: the legend's mean is shown with the precision of its neighbours
// (min, max, last), not with six significant digits of its own.
TestCase {
    name: "Format"

    function test_numberLike_data() {
        return [
            { tag: "temperature", v: 21.4273, refs: [21.29, 21.54, 21.3], expected: "21.43" },
            { tag: "cpu load", v: 0.0892542, refs: [0.001, 0.203, 0.008], expected: "0.089" },
            { tag: "price", v: 64350.7213, refs: [64235, 64461.5, 64426], expected: "64,350.72" },
            { tag: "negative", v: -3.14159, refs: [-5.5, -1.25], expected: "−3.14" },
            { tag: "not finite", v: NaN, refs: [1, 2], expected: "–" }
        ]
    }
    function test_numberLike(data) {
        compare(Format.numberLike(data.v, data.refs), data.expected)
    }
    function test_numberLikeKeepsTheUnit() {
        compare(Format.numberLike(21.4273, [21.29, 21.54], "°C"), "21.43°C")
        compare(Format.numberLike(1234.5678, [1200, 1300.5], "$"), "$1,234.57")
    }
}
