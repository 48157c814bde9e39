// HubPeerModel: the host's view of who is connected and who reads what. Under
// QAbstractItemModelTester; a chat peer's subscriptions and a raw topic stream's topic
// are listed, rooms too, and rows go when peers go.
#include "hubpeermodel.h"
#include "hubserver.h"
#include "hubtestclient.h"

#include <QAbstractItemModelTester>
#include <QtTest>

class tst_HubPeerModel : public QObject
{
    Q_OBJECT
    static QVariant roleOf(HubPeerModel *m, const QString &nick, int role)
    {
        for (int r = 0; r < m->rowCount(); ++r) {
            if (m->data(m->index(r), HubPeerModel::NicknameRole).toString() == nick)
                return m->data(m->index(r), role);
        }
        return {};
    }
    static int rowOfKind(HubPeerModel *m, const QString &kind)
    {
        for (int r = 0; r < m->rowCount(); ++r) {
            if (m->data(m->index(r), HubPeerModel::KindRole).toString() == kind)
                return r;
        }
        return -1;
    }

private Q_SLOTS:
    void listsWhoReadsWhat()
    {
        HubServer hub;
        QVERIFY(hub.listen(QHostAddress::LocalHost, 0));
        HubPeerModel *model = hub.peers();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        HubTestClient viewer, raw;
        QVERIFY(viewer.open(hub.port()) && viewer.login("viewer"));
        viewer.send({{"type", "subscribe"}, {"topic", "share/market"}, {"id", 1}});
        viewer.send({{"type", "subscribe"}, {"topic", "lab/temp"}, {"id", 2}});
        viewer.send({{"type", "join"}, {"room", "general"}, {"id", 3}});
        QVERIFY(!viewer.next("joined").isEmpty());
        QVERIFY(raw.open(hub.port(), "/topics/share/market"));
        QTRY_COMPARE(model->rowCount(), 2);
        model->refresh();
        QCOMPARE(roleOf(model, "viewer", HubPeerModel::TopicsRole).toStringList(),
                 (QStringList{"lab/temp", "share/market"}));
        QCOMPARE(roleOf(model, "viewer", HubPeerModel::RoomsRole).toStringList(), QStringList{"general"});
        const int rawRow = rowOfKind(model, "topic stream");
        QVERIFY(rawRow >= 0);
        QCOMPARE(model->data(model->index(rawRow), HubPeerModel::TopicsRole).toStringList(), QStringList{"share/market"});
        QCOMPARE(model->roleNames().value(HubPeerModel::TopicsRole), QByteArray("topics"));

        viewer.send({{"type", "unsubscribe"}, {"topic", "lab/temp"}, {"id", 4}});
        QVERIFY(!viewer.next("unsubscribed").isEmpty());
        model->refresh();
        QCOMPARE(roleOf(model, "viewer", HubPeerModel::TopicsRole).toStringList(), QStringList{"share/market"});
        raw.ws.close();
        QTRY_COMPARE(model->rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_HubPeerModel)
#include "tst_hubpeermodel.moc"
