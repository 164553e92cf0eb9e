console.log('remote-hook');
