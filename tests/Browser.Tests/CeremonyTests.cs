using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Voting.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Voting.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class CeremonyTests(VotingAppFixture app)
{
    [BrowserFact]
    public async Task Screen_TurnoutFollowsVotes()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "turnout-1", "turnout-2", "turnout-3", "turnout-4");
        await app.Api.ChangePhaseAsync(electionId, "open");
        var screen = await app.NewPageAsync(1280, 800);

        await screen.GotoAsync($"/screen?election={electionId}");

        var numerique = screen.GetByTestId("turnout-numerique");
        await Expect(numerique).ToHaveTextAsync("0");
        await Expect(screen.Locator("#registered")).ToHaveTextAsync("4 délégués inscrits");
        await Expect(screen.Locator("#screen-numerique .screen-phase")).ToHaveTextAsync("Vote en cours");

        await app.Api.VoteAsync(electionId, tokens["turnout-1"], "numerique", "manche");
        await Expect(numerique).ToHaveTextAsync("1");
        await Expect(screen.Locator("#screen-numerique")).ToContainTextAsync("(25 %)");

        await app.Api.VoteAsync(electionId, tokens["turnout-2"], "numerique", "aveyron");
        await app.Api.VoteAsync(electionId, tokens["turnout-3"], "numerique", "gironde");
        await Expect(numerique).ToHaveTextAsync("3");
        await Expect(screen.GetByTestId("turnout-territoires")).ToHaveTextAsync("0");
        Assert.Empty(app.PageErrors);
    }

    [BrowserFact]
    public async Task Console_ClosesAndPublishes_ScreenShowsResult()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "result-1", "result-2", "result-3");
        await app.Api.ChangePhaseAsync(electionId, "open");
        await app.Api.VoteAsync(electionId, tokens["result-1"], "numerique", "manche");
        await app.Api.VoteAsync(electionId, tokens["result-2"], "numerique", "manche");
        await app.Api.VoteAsync(electionId, tokens["result-3"], "numerique", "cote-d-or");
        var screen = await app.NewPageAsync(1280, 800);
        await screen.GotoAsync($"/screen/?election={electionId}");
        var console = await app.NewPageAsync(1280, 900);
        await console.GotoAsync("/console");

        await console.GetByLabel("Jeton opérateur").FillAsync(app.Api.OperatorToken);
        await console.GetByLabel("Identifiant de l’élection").FillAsync(electionId);
        await console.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Expect(console.Locator("#dashboard")).ToBeVisibleAsync();
        await Expect(console.Locator("#stat-registered")).ToHaveTextAsync("3");
        await Expect(console.Locator("#live-counts")).ToContainTextAsync("3 bulletins");
        await Expect(console.Locator("#cluster-health")).ToContainTextAsync("Cluster prêt");
        await Expect(console.Locator("#silos")).ToContainTextAsync("Active");
        await Expect(console.Locator("#silos")).ToContainTextAsync("127.0.0.1:");

        var closeButton = console.GetByRole(AriaRole.Button, new() { Name = "Clore : Une chance pour la société numérique" });
        await closeButton.ClickAsync();
        var dialog = console.Locator("#confirm-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Clore le vote");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(console.GetByTestId("phase-numerique")).ToHaveTextAsync("Vote ouvert");

        await closeButton.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Clore" }).ClickAsync();
        await Expect(console.GetByTestId("phase-numerique")).ToHaveTextAsync("Vote clos");
        await Expect(screen.Locator("#screen-numerique .screen-phase")).ToHaveTextAsync("Vote clos");

        await console.GetByRole(AriaRole.Button, new() { Name = "Publier : Une chance pour la société numérique" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Expect(console.GetByTestId("phase-numerique")).ToHaveTextAsync("Résultats publiés");

        await Expect(screen.GetByTestId("winner-numerique")).ToHaveTextAsync("Lauréat : Manche");
        await Expect(screen.Locator("#screen-numerique svg g[data-finalist]")).ToHaveCountAsync(5);
        await Expect(screen.Locator("#screen-numerique")).ToContainTextAsync("3 bulletins");
        await Expect(screen.Locator("#screen-territoires .screen-phase")).ToHaveTextAsync("Vote en cours");
        Assert.Empty(app.PageErrors);
    }

    [BrowserFact]
    public async Task Console_ImportsReissuesAndExports()
    {
        var electionId = await app.Api.CreateElectionAsync();
        await app.Api.ChangePhaseAsync(electionId, "open");
        var console = await app.NewPageAsync(1280, 900);
        await console.GotoAsync("/console/");
        await console.GetByLabel("Jeton opérateur").FillAsync(app.Api.OperatorToken);
        await console.GetByLabel("Identifiant de l’élection").FillAsync(electionId);
        await console.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(console.Locator("#dashboard")).ToBeVisibleAsync();

        await console.GetByLabel("Fichier CSV des délégués").SetInputFilesAsync(new FilePayload
        {
            Name = "delegues.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("delegateId,displayName,organisation\nimport-1,Anne,Tarn\nimport-2,Paul,Aude\n"),
        });
        var import = await console.RunAndWaitForDownloadAsync(() =>
            console.GetByRole(AriaRole.Button, new() { Name = "Importer et télécharger les liens" }).ClickAsync());
        var credentials = await File.ReadAllLinesAsync(await import.PathAsync());

        Assert.Equal("delegateId,token,votingUrl", credentials[0]);
        Assert.Equal(3, credentials.Length);
        Assert.StartsWith("import-1,", credentials[1]);
        Assert.Contains("/vote/#token=", credentials[1]);
        await Expect(console.Locator("#import-status")).ToContainTextAsync("2 délégués importés");
        await Expect(console.Locator("#stat-registered")).ToHaveTextAsync("2");

        await console.GetByLabel("Fichier CSV des délégués").SetInputFilesAsync(new FilePayload
        {
            Name = "invalide.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("delegateId,displayName,organisation\nbad id!,X,Y\n"),
        });
        await console.GetByRole(AriaRole.Button, new() { Name = "Importer et télécharger les liens" }).ClickAsync();
        await Expect(console.Locator("#import-status")).ToContainTextAsync("Import rejeté");

        await console.GetByLabel("Identifiant du délégué").FillAsync("import-1");
        await console.GetByRole(AriaRole.Button, new() { Name = "Émettre un nouveau lien" }).ClickAsync();
        await console.Locator("#confirm-dialog").GetByRole(AriaRole.Button, new() { Name = "Émettre" }).ClickAsync();
        var votingUrl = await console.Locator("#reissue-url").InputValueAsync();
        Assert.Contains("/vote/#token=", votingUrl);
        Assert.DoesNotContain(credentials[1].Split(',')[1], votingUrl);

        var tokens = await app.Api.ImportDelegatesAsync(electionId, "export-1");
        await app.Api.VoteAsync(electionId, tokens["export-1"], "numerique", "aveyron");
        var csvExport = await console.RunAndWaitForDownloadAsync(() =>
            console.GetByRole(AriaRole.Button, new() { Name = "Exporter en CSV" }).ClickAsync());
        var csvLines = await File.ReadAllLinesAsync(await csvExport.PathAsync());
        Assert.Equal("electionId,categoryId,categoryTitle,phase,ballots,digest,finalistId,finalistName,votes", csvLines[0]);
        Assert.Contains(csvLines, line => line.StartsWith($"{electionId},numerique,") && line.EndsWith(",aveyron,Aveyron,1"));

        var jsonExport = await console.RunAndWaitForDownloadAsync(() =>
            console.GetByRole(AriaRole.Button, new() { Name = "Exporter en JSON" }).ClickAsync());
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(await jsonExport.PathAsync()));
        Assert.Equal(electionId, results.RootElement.GetProperty("electionId").GetString());
        Assert.Equal(3, results.RootElement.GetProperty("categories").GetArrayLength());

        await console.GetByRole(AriaRole.Button, new() { Name = "Lancer l’audit" }).ClickAsync();
        await Expect(console.Locator("#audit")).ToContainTextAsync("Registre et compteurs concordent");
        Assert.Empty(app.PageErrors);
    }

    [BrowserFact]
    public async Task ScreenAndConsole_FitPhoneWidth()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "narrow-1");
        await app.Api.ChangePhaseAsync(electionId, "open");
        await app.Api.VoteAsync(electionId, tokens["narrow-1"], "numerique", "loir-et-cher");
        await app.Api.ChangePhaseAsync(electionId, "close", "numerique");
        await app.Api.ChangePhaseAsync(electionId, "publish", "numerique");
        var screen = await app.NewPageAsync(360, 740);
        var console = await app.NewPageAsync(360, 740);

        await screen.GotoAsync($"/screen/?election={electionId}");
        await Expect(screen.GetByTestId("winner-numerique")).ToHaveTextAsync("Lauréat : Loir-et-Cher");
        await console.GotoAsync("/console/");
        await console.GetByLabel("Jeton opérateur").FillAsync(app.Api.OperatorToken);
        await console.GetByLabel("Identifiant de l’élection").FillAsync(electionId);
        await console.GetByLabel("Identifiant de l’élection").PressAsync("Enter");
        await Expect(console.Locator("#dashboard")).ToBeVisibleAsync();
        await Expect(console.GetByTestId("phase-numerique")).ToHaveTextAsync("Résultats publiés");

        Assert.True(await screen.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360,
            "The ceremony screen overflows a 360 px screen.");
        Assert.True(await console.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 360,
            "The operator console overflows a 360 px screen.");
        Assert.Empty(app.PageErrors);
    }
}
