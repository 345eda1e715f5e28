using Microsoft.Playwright;
using Voting.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Voting.Browser.Tests;

/// <summary>
/// Writes the screenshots in docs/screenshots from the sample ballot, which the Api loads at
/// start in Development: the voting page at phone size, the screen and console at desktop size.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageScreenshots(VotingAppFixture app)
{
    private const string ElectionId = ElectionApi.SampleElectionId;

    [ScreenshotFact]
    public async Task Pages_WriteScreenshots()
    {
        var directory = Environment.GetEnvironmentVariable(ScreenshotFactAttribute.DirectoryVariable)!;
        Directory.CreateDirectory(directory);
        var delegates = Enumerable.Range(1, 24).Select(i => ($"badge-{i:D4}", $"Participant {i}")).ToList();
        delegates.Add(("badge-0100", "Camille Martin"));
        var tokens = await app.Api.ImportDelegatesAsync(ElectionId, delegates);
        await app.Api.ChangePhaseAsync(ElectionId, "open");
        await CastSampleVotesAsync(tokens);
        await app.Api.ChangePhaseAsync(ElectionId, "close", "numerique");
        await app.Api.ChangePhaseAsync(ElectionId, "publish", "numerique");

        var vote = await app.NewPageAsync(360, 740);
        await vote.GotoAsync($"/vote/#token={tokens["badge-0100"]}");
        var territoires = vote.Locator("#category-territoires");
        await territoires.Locator("label.finalist-choice").First.ClickAsync();
        await territoires.GetByRole(AriaRole.Button, new() { Name = "Valider mon choix" }).ClickAsync();
        await territoires.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon vote" }).ClickAsync();
        await Expect(territoires.GetByTestId("receipt")).Not.ToBeEmptyAsync();
        await vote.Locator("#category-solidarite label.finalist-choice").Nth(1).ClickAsync();
        await vote.EvaluateAsync("window.scrollTo(0, 0)");
        await vote.ScreenshotAsync(new() { Path = Path.Combine(directory, "vote.png"), FullPage = true });

        var screen = await app.NewPageAsync(1280, 720);
        await screen.GotoAsync($"/screen/?election={ElectionId}");
        await Expect(screen.GetByTestId("winner-numerique")).ToContainTextAsync("Manche");
        await screen.WaitForTimeoutAsync(1500);
        await screen.ScreenshotAsync(new() { Path = Path.Combine(directory, "screen.png") });

        var console = await app.NewPageAsync(1280, 1000);
        await console.GotoAsync("/console/");
        await console.GetByLabel("Jeton opérateur").FillAsync(app.Api.OperatorToken);
        await console.GetByLabel("Identifiant de l’élection").FillAsync(ElectionId);
        await console.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(console.Locator("#dashboard")).ToBeVisibleAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Lancer l’audit" }).ClickAsync();
        await Expect(console.Locator("#audit")).ToContainTextAsync("concord");
        await console.ScreenshotAsync(new() { Path = Path.Combine(directory, "console.png"), FullPage = true });
    }

    private async Task CastSampleVotesAsync(IReadOnlyDictionary<string, string> tokens)
    {
        string[] numerique = ["manche", "manche", "aveyron", "manche", "gironde", "aveyron", "cote-d-or",
            "manche", "loir-et-cher", "aveyron", "manche", "cote-d-or", "gironde", "manche", "aveyron", "manche"];
        for (var i = 0; i < numerique.Length; i++)
        {
            await app.Api.VoteAsync(ElectionId, tokens[$"badge-{i + 1:D4}"], "numerique", numerique[i]);
        }

        var ballot = await app.Api.GetBallotFinalistsAsync(ElectionId);
        for (var i = 0; i < 17; i++)
        {
            var finalists = ballot["territoires"];
            await app.Api.VoteAsync(ElectionId, tokens[$"badge-{i + 1:D4}"], "territoires", finalists[i % 3 % finalists.Count]);
        }

        for (var i = 0; i < 11; i++)
        {
            var finalists = ballot["solidarite"];
            await app.Api.VoteAsync(ElectionId, tokens[$"badge-{i + 5:D4}"], "solidarite", finalists[i % 2 % finalists.Count]);
        }
    }
}
