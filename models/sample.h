// One mapped data point, as produced by SampleMapper and stored by SeriesStore.
// Plain value type: cheap to move across threads in batches.
#pragma once
#include <QString>
#include <QList>

struct Sample
{
    QString series;   // series name after template expansion, e.g. "BTCUSD.price" or "/price"
    qint64 t = 0;     // epoch milliseconds (UTC)
    double v = 0.0;
};
using SampleBatch = QList<Sample>;
