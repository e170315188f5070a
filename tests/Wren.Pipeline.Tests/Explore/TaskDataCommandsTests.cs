using Wren.Pipeline.Explore;

namespace Wren.Pipeline.Tests.Explore;

public sealed class TaskDataCommandsTests
{
    [Fact]
    public void ARecordsCommandQuotesTemplatesForTheShellAndNamesTheLabelColumn()
    {
        string command = TaskDataCommands.Records("data/tickets.csv", @"{subject}\n\n{body}", "queue", rare: true, "tickets-queue");
        Assert.Equal(@"wren task data data/tickets.csv --from records --input '{subject}\n\n{body}' --output '{queue}' --rare other --out tasks/tickets-queue", command);
    }

    [Fact]
    public void ASqliteTableIsReadThroughSqlSoTheFilesOtherTablesStayOut()
    {
        string command = TaskDataCommands.SqliteTable("support.db", "tickets", "{body}", "status", rare: false, "support-status");
        Assert.Equal("wren task data --from records --sql 'SELECT * FROM \"tickets\"' --connection support.db --input '{body}' --output '{status}' --out tasks/support-status", command);
    }

    [Fact]
    public void FolderMapsAndMailHeadersUseTheBuildersOwnOptions()
    {
        Assert.Equal("wren task data mail --from folders --map junk=spam --map '*=ham' --out tasks/spam", TaskDataCommands.Folders("mail", ["junk=spam", "*=ham"], false, "spam"));
        Assert.Equal("wren task data 'my mail' --from mail-headers --label-header List-Id --rare drop --out tasks/lists", TaskDataCommands.MailHeader("my mail", "List-Id", true, "lists"));
    }

    [Fact]
    public void ASingleQuoteInAPathSurvivesQuoting() =>
        Assert.Equal(@"'it'\''s/mail'", TaskDataCommands.Quote("it's/mail"));
}
