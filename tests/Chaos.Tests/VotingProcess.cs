using System.Diagnostics;

namespace Voting.Chaos.Tests;

/// <summary>
/// One silo or Api process started from the Release build. Its console output goes to a log file,
/// and it is stopped only through its own PID.
/// </summary>
public sealed class VotingProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource _marker = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _readyMarker;
    private bool _logClosed;

    private VotingProcess(string name, Process process, string logPath, string? readyMarker)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _readyMarker = readyMarker;
        _log = new StreamWriter(logPath) { AutoFlush = true };
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet ASSEMBLY</c> in the assembly's directory (where the Api finds its
    /// appsettings.json) with the given environment added to this process's.
    /// </summary>
    /// <param name="readyMarker">Text whose appearance in the output completes <see cref="WaitForMarkerAsync"/>.</param>
    public static VotingProcess Start(string name, string assembly, IReadOnlyDictionary<string, string> environment,
        string logDirectory, string? readyMarker = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new VotingProcess(name, process, Path.Combine(logDirectory, name + ".log"), readyMarker);
        process.OutputDataReceived += (_, line) => started.Append(line.Data);
        process.ErrorDataReceived += (_, line) => started.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            // Output events can still arrive after Dispose closed the log.
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }

        if (_readyMarker is not null && line.Contains(_readyMarker, StringComparison.Ordinal))
        {
            _marker.TrySetResult();
        }
    }

    /// <summary>Waits for the ready marker in the output; fails when the process exits first or the wait times out.</summary>
    public async Task WaitForMarkerAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(_marker.Task, exited, Task.Delay(timeout));
        if (finished == exited)
        {
            throw new InvalidOperationException($"{Name} (PID {Pid}) exited with code {_process.ExitCode} during start; see {LogPath}.");
        }

        if (finished != _marker.Task)
        {
            throw new TimeoutException($"{Name} (PID {Pid}) did not log '{_readyMarker}' within {timeout}; see {LogPath}.");
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns how long the graceful stop took.</summary>
    public async Task<TimeSpan> StopGracefullyAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Pid.ToString() } })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} (PID {Pid}) did not exit within {timeout} after SIGTERM; see {LogPath}.");
        }

        return stopwatch.Elapsed;
    }

    /// <summary>Ends the process with SIGKILL, as a crashed machine would, and waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been reaped.
        }

        _process.Dispose();
        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }
}
