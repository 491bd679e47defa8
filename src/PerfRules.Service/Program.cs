return await PerfRules.Service.ServiceApp.RunAsync(args);
