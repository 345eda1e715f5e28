using System.Text.Json;
using Microsoft.Playwright;
using Voting.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Voting.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class VotingPageTests(VotingAppFixture app)
{
    private static readonly string[] Categories = ["territoires", "solidarite", "numerique"];

    [BrowserFact]
    public async Task Delegate_VotesInAllCategories_OnPhone()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "phone-1");
        await app.Api.ChangePhaseAsync(electionId, "open");
        var page = await app.NewPageAsync(360, 740);

        await page.GotoAsync($"/vote#token={tokens["phone-1"]}");

        await Expect(page.Locator("#category-numerique")).ToBeVisibleAsync();
        Assert.Equal("/vote/", new Uri(page.Url).AbsolutePath);
        Assert.Equal("", new Uri(page.Url).Fragment);
        Assert.Equal(tokens["phone-1"], await page.EvaluateAsync<string>("localStorage.getItem('voting.credential')"));
        await Expect(page.Locator("#delegate-name")).ToContainTextAsync("Délégué phone-1");

        foreach (var categoryId in Categories)
        {
            var section = page.Locator($"#category-{categoryId}");
            var choice = section.Locator("label.finalist-choice").First;
            var finalistName = await choice.Locator(".finalist-name").InnerTextAsync();
            await choice.ClickAsync();
            await section.GetByRole(AriaRole.Button, new() { Name = "Valider mon choix" }).ClickAsync();

            await Expect(section.Locator(".confirm-panel")).ToContainTextAsync(finalistName);
            await section.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon vote" }).ClickAsync();

            await Expect(section.GetByTestId("receipt")).Not.ToBeEmptyAsync();
            await Expect(section).ToContainTextAsync("Votre vote est enregistré.");
        }

        var ballots = await app.Api.GetBallotsAsync(electionId);
        foreach (var categoryId in Categories)
        {
            Assert.Equal(1, ballots[categoryId]);
        }

        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 360, $"The voting page is {pageWidth} px wide on a 360 px screen.");
        await AssertTouchTargetsAsync(page);

        await page.ReloadAsync();
        foreach (var categoryId in Categories)
        {
            await Expect(page.Locator($"#category-{categoryId}").GetByTestId("receipt")).Not.ToBeEmptyAsync();
        }

        Assert.Empty(app.PageErrors);
    }

    [BrowserFact]
    public async Task OfflineVote_RetriedWhenOnline_CountedOnce()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "offline-1");
        await app.Api.ChangePhaseAsync(electionId, "open", "numerique");
        var page = await app.NewPageAsync(360, 740);
        await page.GotoAsync($"/vote/#token={tokens["offline-1"]}");
        var section = page.Locator("#category-numerique");
        await section.Locator("#finalist-numerique-gironde").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Valider mon choix" }).ClickAsync();

        await page.Context.SetOfflineAsync(true);
        await section.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon vote" }).ClickAsync();

        await Expect(section).ToContainTextAsync("Vous êtes hors ligne");
        var pending = await ReadPendingVotesAsync(page);
        Assert.Equal("gironde", pending.GetProperty("numerique").GetProperty("finalistId").GetString());
        Assert.False(string.IsNullOrEmpty(pending.GetProperty("numerique").GetProperty("idempotencyKey").GetString()));
        Assert.Equal(0, (await app.Api.GetBallotsAsync(electionId))["numerique"]);

        await page.Context.SetOfflineAsync(false);

        await Expect(section.GetByTestId("receipt")).Not.ToBeEmptyAsync(new() { Timeout = 30_000 });
        Assert.Equal(1, (await app.Api.GetBallotsAsync(electionId))["numerique"]);
        var votes = await app.Api.GetVotesAsync(electionId, "numerique");
        Assert.Equal(1, votes["gironde"]);
        Assert.Equal(1, votes.Values.Sum());
        Assert.False((await ReadPendingVotesAsync(page)).TryGetProperty("numerique", out _));
    }

    [BrowserFact]
    public async Task LostAcknowledgement_RetriedWithSameKey_CountedOnce()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "lost-ack-1");
        await app.Api.ChangePhaseAsync(electionId, "open", "numerique");
        var page = await app.NewPageAsync(360, 740);
        var idempotencyKeys = new List<string>();
        var firstReceipt = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first request reaches the server and is committed, but its response never reaches the page.
        await page.RouteAsync("**/categories/numerique/votes", async route =>
        {
            lock (idempotencyKeys)
            {
                idempotencyKeys.Add(route.Request.Headers["idempotency-key"]);
            }

            if (firstReceipt.Task.IsCompleted)
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync();
            using var body = JsonDocument.Parse(await response.TextAsync());
            firstReceipt.SetResult(body.RootElement.GetProperty("receipt").GetString()!);
            await route.AbortAsync("connectionreset");
        });
        await page.GotoAsync($"/vote/#token={tokens["lost-ack-1"]}");
        var section = page.Locator("#category-numerique");

        await section.Locator("#finalist-numerique-manche").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Valider mon choix" }).ClickAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon vote" }).ClickAsync();

        await Expect(section.GetByTestId("receipt")).ToHaveTextAsync(await firstReceipt.Task, new() { Timeout = 30_000 });
        Assert.True(idempotencyKeys.Count >= 2, $"Expected a retry, saw {idempotencyKeys.Count} request(s).");
        Assert.Single(idempotencyKeys.Distinct());
        Assert.Equal(1, (await app.Api.GetBallotsAsync(electionId))["numerique"]);
        Assert.Equal(1, (await app.Api.GetVotesAsync(electionId, "numerique"))["manche"]);
    }

    [BrowserFact]
    public async Task Delegate_VotesWithKeyboardOnly()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "keyboard-1");
        await app.Api.ChangePhaseAsync(electionId, "open", "numerique");
        var page = await app.NewPageAsync(360, 740);
        await page.GotoAsync($"/vote/#token={tokens["keyboard-1"]}");
        var section = page.Locator("#category-numerique");

        await section.Locator("#finalist-numerique-manche").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(section.Locator("#finalist-numerique-aveyron")).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Enter");

        var confirmation = section.Locator(".confirm-panel");
        await Expect(confirmation).ToBeFocusedAsync();
        await Expect(confirmation).ToContainTextAsync("Aveyron");
        await page.Keyboard.PressAsync("Tab");
        await Expect(section.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon vote" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(section.GetByTestId("receipt")).Not.ToBeEmptyAsync();
        await Expect(section.Locator("#result-numerique")).ToBeFocusedAsync();
        Assert.Equal(1, (await app.Api.GetVotesAsync(electionId, "numerique"))["aveyron"]);
    }

    [BrowserFact]
    public async Task OverloadedServer_RetriedAfterDelay_CountedOnce()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "overload-1");
        await app.Api.ChangePhaseAsync(electionId, "open", "numerique");
        var page = await app.NewPageAsync(360, 740);
        var requests = 0;
        await page.RouteAsync("**/categories/numerique/votes", async route =>
        {
            if (Interlocked.Increment(ref requests) > 1)
            {
                await route.ContinueAsync();
                return;
            }

            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 503,
                Headers = new Dictionary<string, string> { ["Retry-After"] = "2" },
                ContentType = "application/problem+json",
                Body = """{"type":"https://voting.example/problems/overloaded","title":"Overloaded","status":503}""",
            });
        });
        await page.GotoAsync($"/vote/#token={tokens["overload-1"]}");
        var section = page.Locator("#category-numerique");

        await section.Locator("#finalist-numerique-cote-d-or").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Valider mon choix" }).ClickAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon vote" }).ClickAsync();

        await Expect(section).ToContainTextAsync("Nouvel essai dans 2 s");
        await Expect(section.GetByTestId("receipt")).Not.ToBeEmptyAsync(new() { Timeout = 30_000 });
        Assert.Equal(2, requests);
        Assert.Equal(1, (await app.Api.GetVotesAsync(electionId, "numerique"))["cote-d-or"]);
    }

    [BrowserFact]
    public async Task ScheduledCategory_ShowsNotOpen_WithoutChoices()
    {
        var electionId = await app.Api.CreateElectionAsync();
        var tokens = await app.Api.ImportDelegatesAsync(electionId, "early-1");
        var page = await app.NewPageAsync(360, 740);

        await page.GotoAsync($"/vote/#token={tokens["early-1"]}");

        var section = page.Locator("#category-numerique");
        await Expect(section).ToContainTextAsync("Le vote n’est pas encore ouvert");
        await Expect(section).ToContainTextAsync("Aveyron");
        await Expect(section.Locator("input[type=radio]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task MissingCredential_AsksForPersonalLink()
    {
        var page = await app.NewPageAsync(360, 740);

        await page.GotoAsync("/vote/");

        await Expect(page.Locator("#page-status")).ToContainTextAsync("ouvrez le lien personnel");
    }

    private static async Task<JsonElement> ReadPendingVotesAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(
            "Object.entries(localStorage).find(([key]) => key.startsWith('voting.pending.'))?.[1] ?? '{}'");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static async Task AssertTouchTargetsAsync(IPage page)
    {
        var buttons = page.Locator("button:visible, a.video-link:visible, label.finalist-choice:visible");
        for (var index = 0; index < await buttons.CountAsync(); index++)
        {
            var box = await buttons.Nth(index).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 44, $"Touch target {index} is {box.Height} px high.");
        }
    }
}
